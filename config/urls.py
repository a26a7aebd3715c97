from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from rectify.people.password_views import password_change
from rectify.rounds.views.desk import desk

admin.site.site_header = "Rectify 督察整改管理平台"
admin.site.site_title = "Rectify"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="desk", permanent=False)),
    path("desk/", desk, name="desk"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", password_change, name="password_change"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("ledger/", include("rectify.ledger.urls")),
    path("imports/", include("rectify.ingest.urls")),
    path("documents/", include("rectify.documents.urls")),
    path("messages/", include("rectify.notifications.urls")),
    path("rounds/offline/", include("rectify.rounds.urls_offline")),
    path("rounds/", include("rectify.rounds.urls")),
    path("units/", include("rectify.regions.urls")),
    path("people/", include("rectify.people.urls")),
    path("admin/", admin.site.urls),
]
