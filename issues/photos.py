"""Checking and cleaning the photos residents attach to issues.

Every photo is opened with Pillow, refused unless it really is a JPEG, PNG or
WebP of at most ``ISSUE_PHOTO_MAX_BYTES``, then re-encoded: the new file keeps
the pixels (turned upright) and nothing else, so EXIF and its GPS location,
comments and anything smuggled after the image data are gone. Image bombs (a
small file declaring a huge canvas) are refused from the header, before any
pixel is decoded.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ACCEPT = "image/jpeg,image/png,image/webp"

# Pillow's own guard (a warning above the limit, an error above twice the limit) for
# every image this process opens; prepare() also turns the warning into a refusal.
Image.MAX_IMAGE_PIXELS = settings.ISSUE_PHOTO_MAX_PIXELS


@dataclass
class PreparedPhoto:
    """A checked, cleaned photo ready to be stored."""

    content: bytes
    extension: str
    width: int
    height: int
    original_name: str = ""
    staged_id: int | None = field(default=None, compare=False)

    def as_file(self) -> ContentFile:
        return ContentFile(self.content, name=f"{uuid.uuid4().hex}.{self.extension}")


def prepare(upload, *, name: str = "") -> PreparedPhoto:
    """Check one uploaded file and return it cleaned; raise ValidationError saying what is wrong."""
    if isinstance(upload, PreparedPhoto):
        return upload
    name = name or getattr(upload, "name", "") or _("the photo")
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size > settings.ISSUE_PHOTO_MAX_BYTES:
        raise ValidationError(
            _("%(name)s is %(size)s; a photo may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(settings.ISSUE_PHOTO_MAX_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read()
    image = _open_checked(data, name)
    return _reencode(image, name)


def _open_checked(data: bytes, name: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("%(name)s is a %(format)s image; use a JPEG, PNG or WebP photo.")
                    % {"name": name, "format": probe.format},
                    code="wrong_type",
                )
            _refuse_bomb(probe.size, name)
            probe.verify()  # structure and checksums; the object is unusable afterwards
            image = Image.open(io.BytesIO(data))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_bomb_message(name), code="too_many_pixels") from None
    except UnidentifiedImageError:
        raise ValidationError(
            _("%(name)s is not an image we can read; use a JPEG, PNG or WebP photo.") % {"name": name},
            code="not_an_image",
        ) from None
    except (OSError, SyntaxError, ValueError):  # truncated or corrupt data
        raise ValidationError(
            _("%(name)s is damaged or incomplete; please choose it again.") % {"name": name}, code="damaged"
        ) from None
    return image


def _refuse_bomb(size: tuple[int, int], name: str) -> None:
    width, height = size
    if width * height > settings.ISSUE_PHOTO_MAX_PIXELS:
        raise ValidationError(_bomb_message(name), code="too_many_pixels")


def _bomb_message(name: str) -> str:
    megapixels = settings.ISSUE_PHOTO_MAX_PIXELS // 1_000_000
    return _("%(name)s has too many pixels; a photo may have at most %(mp)s megapixels.") % {
        "name": name,
        "mp": megapixels,
    }


def _reencode(image: Image.Image, name: str) -> PreparedPhoto:
    source_format = image.format
    image = ImageOps.exif_transpose(image)  # keep it upright once the orientation tag is gone
    side = settings.ISSUE_PHOTO_MAX_SIDE
    if max(image.size) > side:
        image.thumbnail((side, side))
    out = io.BytesIO()
    if source_format == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    elif source_format == "WEBP":
        image.save(out, "WEBP", quality=85)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    # Saving without exif=… / pnginfo=… writes no metadata at all.
    return PreparedPhoto(
        content=out.getvalue(),
        extension=ALLOWED_FORMATS[source_format],
        width=image.width,
        height=image.height,
        original_name=str(name)[:200],
    )


def check_count(count: int) -> None:
    if count > settings.ISSUE_PHOTO_MAX_COUNT:
        raise ValidationError(
            _("An issue may have at most %(n)s photos.") % {"n": settings.ISSUE_PHOTO_MAX_COUNT}, code="too_many"
        )
