from django.urls import path

from rectify.ingest import views

app_name = "ingest"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("jobs/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("jobs/<int:pk>/retry/", views.retry, name="retry"),
]
