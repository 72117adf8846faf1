import pytest


@pytest.fixture(autouse=True)
def _fresh_counts(fresh_counts):
    """Rate-limit counts live in the cache: every test here starts from zero."""
