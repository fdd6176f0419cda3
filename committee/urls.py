from django.urls import path

from . import views

app_name = "committee"

urlpatterns = [
    path("committee/meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("committee/meetings/new/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path(
        "committee/meetings/<int:number>/",
        views.MeetingDetailView.as_view(),
        name="meeting_detail",
    ),
    path(
        "committee/meetings/<int:number>/open/",
        views.MeetingOpenView.as_view(),
        name="meeting_open",
    ),
    path(
        "committee/meetings/<int:number>/attendance/",
        views.MeetingAttendanceView.as_view(),
        name="meeting_attendance",
    ),
    path(
        "committee/meetings/<int:number>/close/",
        views.MeetingCloseView.as_view(),
        name="meeting_close",
    ),
    path(
        "committee/meetings/<int:number>/agenda/add/",
        views.AgendaAddView.as_view(),
        name="agenda_add",
    ),
    path(
        "committee/meetings/<int:number>/minutes.pdf",
        views.MinutesPdfView.as_view(),
        name="minutes_pdf",
    ),
    path("committee/items/<int:pk>/", views.ItemDetailView.as_view(), name="item_detail"),
    path("committee/items/<int:pk>/vote/", views.VoteView.as_view(), name="vote"),
    path(
        "committee/items/<int:pk>/decide/<str:outcome>/",
        views.DecideView.as_view(),
        name="decide",
    ),
    path("committee/members/", views.MemberListView.as_view(), name="member_list"),
    path(
        "committee/members/<int:pk>/chair/",
        views.MemberChairView.as_view(),
        name="member_chair",
    ),
    path("committee/members/<int:pk>/end/", views.MemberEndView.as_view(), name="member_end"),
    path("committee/reasons/", views.ReasonListView.as_view(), name="reason_list"),
    path(
        "committee/reasons/<int:pk>/toggle/",
        views.ReasonToggleView.as_view(),
        name="reason_toggle",
    ),
    path("committee/decisions/", views.DecisionReportView.as_view(), name="decision_report"),
    path(
        "committee/decisions/<int:pk>/letter.pdf",
        views.StaffLetterPdfView.as_view(),
        name="staff_letter",
    ),
    path("my/letters/", views.LetterListView.as_view(), name="letter_list"),
    path("my/letters/<int:pk>/", views.LetterPdfView.as_view(), name="letter"),
    path("delivery/", views.DeliveryQueueView.as_view(), name="delivery_queue"),
    path(
        "delivery/<str:reference>/",
        views.DeliveryRecordView.as_view(),
        name="delivery_record",
    ),
    path(
        "delivery/<str:reference>/close/",
        views.DeliveryCloseView.as_view(),
        name="delivery_close",
    ),
    path(
        "delivery/attachments/<int:pk>/",
        views.DeliveryAttachmentView.as_view(),
        name="delivery_attachment",
    ),
]
