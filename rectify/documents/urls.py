from django.urls import path

from rectify.documents import report_views, views

app_name = "documents"

urlpatterns = [
    path("inspections/<int:pk>/ledger.xlsx", views.ledger_workbook, name="ledger_workbook"),
    path("ledger-template.xlsx", views.ledger_template, name="ledger_template"),
    path("ledger-view.xlsx", report_views.reading_ledger, name="reading_ledger"),
    path("inspections/<int:pk>/report/", report_views.report_page, name="report"),
    path("inspections/<int:pk>/report/export/", report_views.report_export, name="report_export"),
    path("inspections/<int:pk>/report/check/", report_views.report_check, name="report_check"),
    path(
        "inspections/<int:pk>/report/generate/<str:kind>/",
        report_views.report_generate,
        name="report_generate",
    ),
    path("files/<int:pk>/", report_views.document_download, name="document_download"),
    path("files/<int:pk>/status/", report_views.document_status, name="document_status"),
]
