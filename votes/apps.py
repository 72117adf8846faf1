from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotesConfig(AppConfig):
    name = "votes"
    verbose_name = _("Votes")

    def ready(self):
        from issues.panels import Panel, register
        from votes import panels

        register(Panel(page="issue", slot="after_header", name="votes.support", template="votes/issue_support.html", context=panels.support, order=10))
        register(Panel(page="area", slot="main", name="votes.priorities", template="votes/area_priorities.html", context=panels.priorities, order=10))
        register(Panel(page="area", slot="main", name="votes.rounds", template="votes/area_rounds.html", context=panels.rounds, order=20))
        register(Panel(page="area", slot="area_stats", name="votes.participation", template="votes/area_participation.html", context=panels.participation, order=10))
