from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        from issues.panels import Panel, register
        from moderation import panels

        # Under the header: merged into / locked / hidden, replaced live on every act.
        register(Panel(page="issue", slot="after_header", name="moderation.status", order=1,
                       template="moderation/issue_status_panel.html", context=panels.status))
        register(Panel(page="issue", slot="aside", name="moderation.tools", order=90,
                       template="moderation/issue_tools.html", context=panels.tools))
        register(Panel(page="area", slot="after_issues", name="moderation.area", order=90,
                       template="moderation/area_panel.html", context=panels.area))
