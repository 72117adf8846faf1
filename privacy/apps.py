from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Taking one's data away and leaving: composed at the top, like pages/, because both reach
    every app that keeps something about a person (each app forgets its own rows by its own action)."""

    name = "privacy"
    verbose_name = _("Personal data and leaving")
