"""Where consent forms are kept: a directory outside MEDIA_ROOT that no URL leads to.

A file here is read only through ``facilitation.views.consent_form``, which checks the rule
and logs the opening; asking the storage for a URL is a programming error.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view that checks who asks.")


private_storage = PrivateStorage()
