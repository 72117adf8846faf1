from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidencyConfig(AppConfig):
    name = "residency"
    verbose_name = _("Residency verification")
