"""Photos: only real JPEG, PNG or WebP images of sensible size, cleaned of their location."""

import io
import os
import re

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from issues import actions, photos
from issues.models import Issue
from tests.issues.conftest import image_bytes, jpeg_with_location, upload


def reopen(prepared) -> Image.Image:
    return Image.open(io.BytesIO(prepared.content))


def test_a_jpeg_keeps_its_pixels_and_loses_its_location_and_camera():
    original = Image.open(io.BytesIO(jpeg_with_location()))
    assert original.getexif().get_ifd(0x8825), "the test image should carry a GPS location"

    cleaned = reopen(photos.prepare(upload(content=jpeg_with_location())))

    assert cleaned.format == "JPEG" and cleaned.size == (64, 48)
    assert not cleaned.getexif().get_ifd(0x8825)
    assert 0x010F not in cleaned.getexif()
    assert "exif" not in cleaned.info


@pytest.mark.parametrize("fmt,extension", [("PNG", "png"), ("WEBP", "webp")])
def test_png_and_webp_are_accepted(fmt, extension):
    prepared = photos.prepare(upload(name=f"x.{extension}", content=image_bytes(fmt)))
    assert prepared.extension == extension
    assert reopen(prepared).format == fmt


def test_a_sideways_phone_photo_is_stored_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    prepared = photos.prepare(upload(content=image_bytes("JPEG", size=(64, 48), exif=exif.tobytes())))
    assert (prepared.width, prepared.height) == (48, 64)


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_image_types_are_refused_by_name(fmt):
    with pytest.raises(ValidationError, match=f"is a {fmt} image; use a JPEG, PNG or WebP photo"):
        photos.prepare(upload(name="kucing.jpg", content=image_bytes(fmt)))


def test_a_renamed_text_file_is_not_taken_for_an_image():
    with pytest.raises(ValidationError, match="notes.jpg is not an image we can read"):
        photos.prepare(upload(name="notes.jpg", content=b"<script>alert(1)</script> not a photo at all"))


def test_a_truncated_image_is_refused():
    noisy = Image.frombytes("RGB", (300, 300), os.urandom(300 * 300 * 3))
    out = io.BytesIO()
    noisy.save(out, "PNG")
    data = out.getvalue()
    with pytest.raises(ValidationError, match="damaged or incomplete"):
        photos.prepare(upload(name="half.png", content=data[: len(data) // 2]))


def test_a_photo_over_five_megabytes_is_refused_with_its_size():
    # Random pixels do not compress: a 1400×1400 PNG of noise is about 5.9 MB.
    noise = Image.frombytes("RGB", (1400, 1400), os.urandom(1400 * 1400 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG", compress_level=0)
    assert out.tell() > 5 * 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        photos.prepare(upload(name="big.png", content=out.getvalue()))
    assert re.fullmatch(r"big.png is 5\.\d\sMB; a photo may be at most 5\.0\sMB\.", refused.value.messages[0])


def test_an_image_bomb_is_refused_before_it_is_decoded():
    # 12,000 × 12,000 one-bit pixels: a few kilobytes on disk, 144 megapixels once decoded.
    bomb = image_bytes("PNG", size=(12000, 12000), mode="1", color=0)
    assert len(bomb) < 100_000
    with pytest.raises(ValidationError, match="has too many pixels; a photo may have at most 40 megapixels"):
        photos.prepare(upload(name="bomb.png", content=bomb))


def test_an_image_just_over_the_pixel_limit_is_refused_too(settings):
    # Pillow only warns between the limit and twice the limit: that must refuse as well.
    settings.ISSUE_PHOTO_MAX_PIXELS = 10_000
    with pytest.raises(ValidationError, match="too many pixels"):
        photos.prepare(upload(content=image_bytes("PNG", size=(120, 100))))


def test_a_huge_photo_is_scaled_down_when_stored(settings):
    settings.ISSUE_PHOTO_MAX_SIDE = 320
    prepared = photos.prepare(upload(content=image_bytes("JPEG", size=(1000, 500))))
    assert (prepared.width, prepared.height) == (320, 160)


def test_the_action_itself_refuses_a_bad_photo_and_writes_nothing(resident_of_manggarai, areas):
    with pytest.raises(ValidationError, match="not an image"):
        actions.open_issue(
            actor=resident_of_manggarai,
            title="Got mampet",
            description="Air tidak mengalir.",
            category="flooding",
            area=areas["manggarai"],
            photos=[upload(name="x.jpg", content=b"hello")],
        )
    assert not Issue.objects.exists()


def test_an_issue_takes_at_most_four_photos(resident_of_manggarai, areas):
    with pytest.raises(ValidationError, match="at most 4 photos"):
        actions.open_issue(
            actor=resident_of_manggarai,
            title="Got mampet",
            description="Air tidak mengalir.",
            category="flooding",
            area=areas["manggarai"],
            photos=[upload() for _ in range(5)],
        )
    assert not Issue.objects.exists()


def test_stored_photos_carry_no_location(resident_of_manggarai, areas):
    issue = actions.open_issue(
        actor=resident_of_manggarai,
        title="Got mampet",
        description="Air tidak mengalir.",
        category="flooding",
        area=areas["manggarai"],
        photos=[upload(content=jpeg_with_location()), upload(name="b.png", content=image_bytes("PNG"))],
    )
    stored = list(issue.photos.all())
    assert [p.position for p in stored] == [0, 1]
    assert [p.image.name.rsplit(".", 1)[1] for p in stored] == ["jpg", "png"]
    with stored[0].image.open("rb") as handle:
        assert not Image.open(handle).getexif().get_ifd(0x8825)
    assert (stored[0].width, stored[0].height) == (64, 48)
