import pytest

from core import ratelimit


@pytest.fixture
def post_comment():
    """``post_comment(author, issue, body, **extra)`` writes through the real action."""
    from comments import actions

    def post(author, issue, body="I saw it too: the drain by the mosque is full of plastic.", **extra):
        return actions.post_comment(actor=author, issue=issue, body=body, **extra)

    return post


@pytest.fixture
def rate_limits(settings, resident_of_bukit_duri):
    """Rate limits on (tests run with RATE_LIMITS=0), counting from zero for Budi."""
    settings.COMMENT_RATE_LIMITS_ENABLED = True
    ratelimit.reset("comment", resident_of_bukit_duri)
    yield settings
    ratelimit.reset("comment", resident_of_bukit_duri)


@pytest.fixture
def locked_street(flooded_street):
    """Siti's issue, locked by moderation (the moderation app will do this through its action)."""
    flooded_street.locked = True
    flooded_street.locked_reason = "Personal attacks; cooling off for a day."
    flooded_street.save(update_fields=["locked", "locked_reason"])
    return flooded_street
