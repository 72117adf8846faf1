"""Labels of allauth's pages that allauth leaves untranslated in Indonesian (its "Email" field),
marked here so that makemessages keeps them in the site's own catalogue, which Django reads first
(LOCALE_PATHS)."""

from django.utils.translation import gettext_noop

UNTRANSLATED_BY_ALLAUTH = [gettext_noop("Email")]
