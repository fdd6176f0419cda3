from django.urls import path

from . import views

app_name = "beneficiaries"

urlpatterns = [
    path("privacy/", views.PrivacyNoticeView.as_view(), name="privacy"),
    path("activate/<str:token>/", views.ActivateView.as_view(), name="activate"),
    # The applicant's own file
    path("my/file/", views.MyFileView.as_view(), name="my_file"),
    path("my/file/new/", views.MyFileCreateView.as_view(), name="my_file_create"),
    path("my/file/edit/", views.FileEditView.as_view(), name="my_edit"),
    path("my/file/household/", views.HouseholdView.as_view(), name="my_household"),
    path("my/file/documents/", views.DocumentsView.as_view(), name="my_documents"),
    path("my/file/data/", views.my_data_export, name="my_data"),
    # Documents, served only through this view
    path("documents/<uuid:uuid>/", views.document_download, name="document"),
    path(
        "documents/<uuid:uuid>/delete/", views.DocumentDeleteView.as_view(), name="document_delete"
    ),
    path(
        "documents/<uuid:uuid>/verify/", views.DocumentVerifyView.as_view(), name="document_verify"
    ),
    # Staff
    path("staff/files/", views.SearchView.as_view(), name="search"),
    path("staff/files/new/", views.RegisterView.as_view(), name="register"),
    path("staff/files/<int:pk>/", views.StaffFileView.as_view(), name="staff_file"),
    path("staff/files/<int:pk>/edit/", views.FileEditView.as_view(staff=True), name="staff_edit"),
    path(
        "staff/files/<int:pk>/household/",
        views.HouseholdView.as_view(staff=True),
        name="staff_household",
    ),
    path(
        "staff/files/<int:pk>/documents/",
        views.DocumentsView.as_view(staff=True),
        name="staff_documents",
    ),
    path(
        "staff/files/<int:pk>/verify/<slug:group>/",
        views.GroupVerifyView.as_view(),
        name="verify_group",
    ),
    path("staff/files/<int:pk>/history/", views.HistoryView.as_view(), name="history"),
    path("staff/files/<int:pk>/case.pdf", views.CaseSummaryPdfView.as_view(), name="case_pdf"),
    path("staff/files/<int:pk>/invite/", views.InviteView.as_view(), name="invite"),
    path("staff/files/<int:pk>/data/", views.staff_data_export, name="staff_data"),
    path("staff/duplicates/", views.DuplicateQueueView.as_view(), name="duplicates"),
    path("staff/duplicates/<int:pk>/", views.DuplicateReviewView.as_view(), name="duplicate"),
]
