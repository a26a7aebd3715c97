from django.urls import path

from rectify.rounds import views_offline

app_name = "rounds_offline"

urlpatterns = [
    path("<int:pk>/download/", views_offline.download, name="download"),
    path("<int:pk>/upload/", views_offline.upload, name="upload"),
    path("<int:pk>/upload/<int:upload_pk>/", views_offline.preview, name="preview"),
]
