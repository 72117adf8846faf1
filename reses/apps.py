from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResesConfig(AppConfig):
    name = "reses"
    verbose_name = _("Recess meetings and notice boards")
