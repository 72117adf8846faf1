from django.urls import path, register_converter

from moderation import views


class ItemKind:
    """Only "issue" or "comment" name an item, so other words stay free for pages."""

    regex = "issue|comment"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ItemKind, "item")

urlpatterns = [
    path("moderation/log/", views.log, name="moderation_log"),
    path("moderation/log/<int:pk>/", views.entry, name="moderation_entry"),
    path("moderation/queue/", views.queue, name="moderation_queue"),
    path("moderation/yours/", views.yours, name="moderation_yours"),
    path("moderation/acts/<int:pk>/appeal/", views.appeal, name="moderation_appeal"),
    path("moderation/appeals/<int:pk>/", views.decide, name="moderation_decide"),
    path("moderation/suspensions/<int:pk>/lift/", views.lift, name="moderation_lift"),
    path("moderation/<item:kind>/<int:pk>/", views.item, name="moderation_item"),
    path("moderation/<item:kind>/<int:pk>/report/", views.report, name="moderation_report"),
    path("moderation/<item:kind>/<int:pk>/appeal/", views.appeal_item, name="moderation_appeal_item"),
    path("moderation/<item:kind>/<int:pk>/own-text/", views.own_text, name="moderation_own_text"),
    path("moderation/<item:kind>/<int:pk>/<slug:verb>/", views.act, name="moderation_act"),
]
