"""``manage.py rules``: every permission rule in one table (rule, app, what it allows), for an audit.

The rules live beside their apps (``<app>/rules.py``); this imports each installed app's rules
module (as the admin finds ``admin.py`` modules) and prints what ``accounts.permissions.rule``
registered. Nothing else depends on the table: callers pass the rule function itself.
"""

from django.core.management.base import BaseCommand
from django.utils.module_loading import autodiscover_modules

from accounts import permissions


def rules_table() -> list[tuple[str, str, str]]:
    """(rule, app, first docstring line) for every rule, by app then name."""
    autodiscover_modules("rules")
    rows = []
    for decide in permissions.RULES:
        app = decide.__module__.removesuffix(".rules").removesuffix(".permissions")
        summary = (decide.__doc__ or "").strip().split("\n")[0]
        rows.append((decide.__name__, app, summary))
    return sorted(rows, key=lambda row: (row[1], row[0]))


class Command(BaseCommand):
    help = "Print every permission rule: its name, its app and the first line of what it says."

    def handle(self, *args, **options):
        rows = rules_table()
        width = max(len(name) for name, _app, _doc in rows)
        app_width = max(len(app) for _name, app, _doc in rows)
        for name, app, summary in rows:
            self.stdout.write(f"{name:<{width}}  {app:<{app_width}}  {summary}")
        self.stdout.write(f"{len(rows)} rules.")
