from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponsesConfig(AppConfig):
    name = "responses"
    verbose_name = _("Official responses")

    def ready(self):
        from issues import panels
        from responses import views

        panels.register(
            panels.Panel(
                page="issue", slot="main", name="responses", order=50,
                template="responses/issue_panel.html", context=views.issue_panel_context,
            )
        )
        panels.register(
            panels.Panel(
                page="area", slot="main", name="responses", order=50,
                template="responses/area_panel.html", context=views.area_panel_context,
            )
        )
