"""pytest plugin (loaded with -p in pytest.ini): the test environment, set before Django reads its settings."""

import os

os.environ.setdefault("DEBUG", "1")  # tests use development defaults; settings tests pass their own environ
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("RATE_LIMITS", "0")
# Mail goes out right after each act's commit, in the test's process, through the outbox's own
# claim-and-send code (tests/notifications/test_outbox.py turns this off to test the worker).
os.environ.setdefault("OUTBOX_SEND_ON_COMMIT", "1")
