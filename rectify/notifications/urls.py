from django.urls import path

from rectify.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.message_list, name="message_list"),
    path("<int:pk>/", views.message_open, name="message_open"),
    path("settings/", views.channel_settings, name="settings"),
    path("read-all/", views.message_read_all, name="message_read_all"),
]
