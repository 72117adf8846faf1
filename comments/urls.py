from django.urls import path

from comments import views

urlpatterns = [
    path("issues/<int:issue_pk>/comments/", views.post, name="comment_post"),
    path("comments/<int:pk>/", views.detail, name="comment_detail"),
    path("comments/<int:pk>/replies/", views.earlier_replies, name="comment_replies"),
    path("comments/<int:pk>/reply/", views.reply, name="comment_reply"),
    path("comments/<int:pk>/edit/", views.edit, name="comment_edit"),
    path("comments/<int:pk>/retract/", views.retract, name="comment_retract"),
    path("comments/<int:pk>/history/", views.history, name="comment_history"),
]
