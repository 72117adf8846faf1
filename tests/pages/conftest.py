"""The shared pages show issues with photos: the issues tests' media root and PostgreSQL marker apply."""

from tests.issues.conftest import _photos_in_a_temporary_media_root, _postgres_only  # noqa: F401
