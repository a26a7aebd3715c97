from django.urls import path

from rectify.people import views

app_name = "people"
urlpatterns = [
    path("", views.people_list, name="list"),
    path("<int:pk>/", views.person_detail, name="person"),
    path("roles/<int:pk>/withdraw/", views.role_withdraw_view, name="withdraw"),
    path("import/", views.people_import, name="import"),
    path("export.xlsx", views.people_export, name="export"),
]
