from django.urls import path

from rectify.regions import views

app_name = "regions"

urlpatterns = [
    path("", views.unit_tree, name="tree"),
    path("setup/", views.region_setup_page, name="setup"),
    path("<int:unit_id>/", views.unit_page, name="unit"),
]
