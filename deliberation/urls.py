from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

# The admin signs in through allauth's page (with next=), so that its rate limits on wrong
# passwords and the second factor (allauth.mfa) apply; the admin's own form never runs.
admin.site.login = secure_admin_login(admin.site.login)

# Error pages in the site's layout and the visitor's language (templates/404.html, 403.html, 500.html).
handler500 = "core.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("accounts.urls")),
    path("", include("comments.urls")),
    path("", include("responses.urls")),
    path("", include("notifications.urls")),
    path("", include("issues.urls")),
    path("", include("votes.urls")),
    path("", include("residency.urls")),
    path("", include("moderation.urls")),
    path("", include("facilitation.urls")),
    path("", include("privacy.urls")),
    path("", include("api.urls")),
    path("", include("maps.urls")),
    path("", include("reses.urls")),
    path("", include("operations.urls")),
    # Last: the pages several apps contribute to (home, lists, an area, an issue); the issue
    # page's /issues/<pk>/<slug>/ would otherwise take the apps' /issues/<pk>/<verb>/ paths.
    path("", include("pages.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
