"""The production settings (every knob from the environment), plus the benchmark's hello view.

Used only by bench/pages.py: ``DJANGO_SETTINGS_MODULE=bench.settings``. Nothing else differs
from production, so the hello view pays the same middleware as every page.
"""

from deliberation.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]}]  # noqa: F405
