from django.urls import path

from rectify.ledger.views import findings, tasks

app_name = "ledger"

urlpatterns = [
    path("", tasks.task_list, name="task_list"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", tasks.task_edit, name="task_edit"),
    path("tasks/<int:pk>/progress/", tasks.task_report_progress, name="task_report_progress"),
    path("tasks/<int:pk>/actions/<str:action>/", tasks.task_transition, name="task_transition"),
    path("tasks/<int:task_pk>/measures/new/", findings.measure_create, name="measure_create"),
    path("measures/<int:pk>/edit/", findings.measure_edit, name="measure_edit"),
    path("inspections/", findings.inspection_list, name="inspection_list"),
    path("inspections/new/", findings.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", findings.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/edit/", findings.inspection_edit, name="inspection_edit"),
    path("inspections/<int:inspection_pk>/findings/new/", findings.finding_create, name="finding_create"),
    path("inspections/<int:inspection_pk>/tasks/new/", tasks.task_create, name="task_create"),
    path("findings/<int:pk>/", findings.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/edit/", findings.finding_edit, name="finding_edit"),
]
