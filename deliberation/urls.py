from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

# The admin signs in through allauth's page (with next=), so that its rate limits on wrong
# passwords and the second factor (allauth.mfa) apply; the admin's own form never runs.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("accounts.urls")),
    # Before issues: /issues/<pk>/comments/ would otherwise match the issue page's optional slug.
    path("", include("comments.urls")),
    path("", include("responses.urls")),  # before issues too (/issues/<pk>/respond/)
    path("", include("notifications.urls")),
    path("", include("issues.urls")),
    path("", include("votes.urls")),
    path("", include("residency.urls")),
    path("", include("moderation.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
