import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


@pytest.fixture
def areas_async(transactional_db):
    """An issue in a transactional database, for consumer tests (async tests cannot use plain fixtures' db)."""
    from tests.conftest import make_user

    from accounts import actions as account_actions
    from issues import actions as issue_actions

    tebet = account_actions.save_area(name="Kecamatan Tebet", slug="tebet", parent=None)
    author = make_user(name="Siti", home=tebet)
    return issue_actions.open_issue(
        actor=author, title="Banjir", description="Air menggenang.", category="flooding", area=tebet
    )


@pytest.fixture(autouse=True)
def _photos_in_a_temporary_media_root(settings, tmp_path):
    """Uploaded photos go to a directory of the test's own, never to the project's media/."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _postgres_only(request, settings):
    if request.node.get_closest_marker("postgres") and not settings.ON_POSTGRESQL:
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")


def image_bytes(fmt="JPEG", size=(64, 48), color=(200, 30, 30), mode="RGB", **save_args) -> bytes:
    """An image made with Pillow, in memory."""
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, size, color).save(out, fmt, **save_args)
    return out.getvalue()


def jpeg_with_location() -> bytes:
    """A JPEG whose EXIF says where it was taken (GPS: 6°12' S, 106°51' E) and on which camera."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "KameraHP"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "S", (6.0, 12.0, 35.0)
    gps[3], gps[4] = "E", (106.0, 51.0, 5.0)
    return image_bytes("JPEG", exif=exif.tobytes())


def upload(name="photo.jpg", content=None, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes() if content is None else content, content_type=content_type)


@pytest.fixture
def photo():
    """``photo(name=…, content=…)`` → an uploaded file (a small red JPEG by default)."""
    return upload
