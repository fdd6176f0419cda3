from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    # Stable public addresses (printed and sent in messages).
    path("s/thanks/", views.thanks, name="thanks"),
    path("s/<str:token>/", views.answer, name="answer"),
    path("feedback/", views.feedback_public, name="feedback"),
    path("feedback/thanks/", views.feedback_thanks, name="feedback_thanks"),
    # The applicant's account.
    path("my/feedback/", views.my_feedback, name="my_feedback"),
    path("my/feedback/<str:reference>/", views.my_feedback_detail, name="my_feedback_detail"),
    # Staff.
    path("staff/feedback/", views.feedback_queue, name="feedback_queue"),
    path("staff/feedback/<str:reference>/", views.feedback_handle, name="feedback_handle"),
    path("staff/surveys/", views.survey_list, name="survey_list"),
    path("staff/surveys/invite/", views.invite, name="invite"),
    path("staff/surveys/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("staff/surveys/versions/<int:pk>/", views.version_edit, name="version_edit"),
    path(
        "staff/surveys/versions/<int:pk>/publish/",
        views.version_publish,
        name="version_publish",
    ),
    path("staff/reports/", views.report, name="report"),
    path("staff/reports/pdf/", views.report_pdf, name="report_pdf"),
    path("staff/reports/pdf/<uuid:pk>/", views.report_export, name="report_export"),
    path("staff/reports/pdf/<uuid:pk>/file/", views.report_export_file, name="report_export_file"),
    path("staff/reports/report.xlsx", views.report_xlsx, name="report_xlsx"),
]
