from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Discussion threads")

    def ready(self):
        from comments.views import thread_panel
        from issues import panels

        # The discussion sits in the issue page's main column, under the description.
        panels.register(
            panels.Panel(page="issue", slot="main", name="comments", template="comments/panel.html", context=thread_panel)
        )
