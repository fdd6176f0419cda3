from django.urls import path

from . import views

app_name = "requests"

R = "<str:reference>"

urlpatterns = [
    # Public
    path("track/", views.TrackView.as_view(), name="track"),
    path("services/", views.CatalogueView.as_view(), name="catalogue"),
    path("tools/", views.ToolListView.as_view(), name="tools"),
    path("tools/<int:pk>/download/", views.ToolDownloadView.as_view(), name="tool_download"),
    # Applicant
    path("my/requests/", views.MyRequestsView.as_view(), name="my_list"),
    path("my/requests/new/", views.WizardStartView.as_view(), name="new"),
    path(f"my/requests/{R}/", views.MyRequestDetailView.as_view(), name="my_detail"),
    path(f"my/requests/{R}/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    path(
        f"my/requests/{R}/items/<int:pk>/",
        views.MissingItemAnswerView.as_view(),
        name="item_answer",
    ),
    # The wizard's steps: the applicant's own request, or reception for a visitor.
    path(f"requests/{R}/details/", views.WizardDetailsView.as_view(), name="step_details"),
    path(f"requests/{R}/documents/", views.WizardDocumentsView.as_view(), name="step_documents"),
    path(f"requests/{R}/review/", views.WizardReviewView.as_view(), name="step_review"),
    path(
        f"requests/{R}/declaration/",
        views.WizardDeclarationView.as_view(),
        name="step_declaration",
    ),
    path(f"requests/{R}/receipt/", views.ReceiptView.as_view(), name="receipt"),
    # Staff
    path("staff/requests/", views.QueueView.as_view(), name="queue"),
    path("staff/requests/export.csv", views.QueueExportView.as_view(), name="queue_export"),
    path("staff/requests/new/", views.WalkInView.as_view(), name="walk_in"),
    path("staff/research/queue/", views.ResearchQueueView.as_view(), name="research_queue"),
    path(
        "staff/research/queue/export.csv",
        views.ResearchQueueExportView.as_view(),
        name="research_queue_export",
    ),
    path(f"staff/requests/{R}/", views.StaffDetailView.as_view(), name="detail"),
    path(f"staff/requests/{R}/move/<str:target>/", views.MoveView.as_view(), name="move"),
    path(f"staff/requests/{R}/assign/", views.AssignView.as_view(), name="assign"),
    path(
        f"staff/requests/{R}/items/<int:pk>/",
        views.StaffMissingItemAnswerView.as_view(),
        name="staff_item_answer",
    ),
    path(f"staff/requests/{R}/research/", views.ResearchReportView.as_view(), name="research"),
    path(f"staff/requests/{R}/signed-form/", views.SignedFormView.as_view(), name="signed_form"),
    path(
        f"staff/requests/{R}/documents/<uuid:uuid>/review/",
        views.DocumentReviewView.as_view(),
        name="document_review",
    ),
    path(
        f"staff/requests/{R}/documents/<uuid:uuid>/",
        views.DocumentFileView.as_view(),
        name="document_file",
    ),
    path(f"staff/requests/{R}/form.pdf", views.RequestFormPdfView.as_view(), name="form_pdf"),
    path("staff/research-files/<int:pk>/", views.AttachmentView.as_view(), name="attachment"),
    path("staff/contacts/", views.ContactListView.as_view(), name="contacts"),
    path("staff/contacts/new/", views.ContactCreateView.as_view(), name="contact_new"),
    path("staff/referrals/", views.ReferralListView.as_view(), name="referrals"),
    path(
        "staff/referrals/<int:pk>/answer/",
        views.ReferralAnswerView.as_view(),
        name="referral_answer",
    ),
    path("staff/services/", views.ServiceListView.as_view(), name="services"),
    path("staff/services/new/", views.CatalogueEditView.as_view(), name="service_new"),
    path("staff/services/<int:pk>/", views.CatalogueEditView.as_view(), name="service_edit"),
    path("staff/tools/new/", views.ToolEditView.as_view(), name="tool_new"),
    path("staff/tools/<int:pk>/", views.ToolEditView.as_view(), name="tool_edit"),
]
