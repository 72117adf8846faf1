"""pytest plugin (loaded with -p in pytest.ini): the test environment, set before Django reads its settings."""

import os

os.environ.setdefault("DEBUG", "1")  # tests use development defaults; settings tests pass their own environ
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("RATE_LIMITS", "0")
