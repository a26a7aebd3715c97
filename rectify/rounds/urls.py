from django.urls import path

from rectify.rounds.views import office, submission

app_name = "rounds"

urlpatterns = [
    path("", office.round_list, name="list"),
    path("<int:pk>/", office.board, name="board"),
    path("<int:pk>/remind/", office.round_remind, name="remind"),
    path("<int:pk>/lock/", office.round_lock, name="lock"),
    path("schedules/<int:inspection_pk>/", office.schedule_edit, name="schedule"),
    path("submissions/<int:pk>/", submission.submission_form, name="submission"),
    path("submissions/<int:pk>/lines/", submission.submission_lines_part, name="lines"),
    path("submissions/<int:pk>/autosave/", submission.submission_autosave, name="autosave"),
    path("submissions/<int:pk>/actions/<str:action>/", submission.submission_act, name="act"),
    path(
        "submissions/<int:pk>/lines/<int:line_pk>/evidence/",
        submission.evidence_upload,
        name="evidence_upload",
    ),
    path("evidence/<int:pk>/", submission.evidence_download, name="evidence"),
]
