from django.urls import path

from reses import views

urlpatterns = [
    path("council/", views.member_index, name="reses_members"),
    path("council/<int:user_id>/", views.member_detail, name="reses_member"),
    path("council/<int:user_id>/pokir.csv", views.pokir_csv, name="reses_pokir_csv"),
    path("reses/new/", views.meeting_new, name="reses_meeting_new"),
    path("reses/<int:pk>/", views.meeting_detail, name="reses_meeting"),
    path("reses/<int:pk>/join/", views.aspiration_join, name="reses_join"),
    path("reses/<int:pk>/open/", views.aspiration_open, name="reses_open"),
    path("reses/aspirations/<int:pk>/supports/", views.attendee_support, name="reses_attendee_support"),
    path("reses/<int:pk>/attendance-sheet/", views.attendance_sheet, name="reses_attendance_sheet"),
    path("issues/<int:pk>/pokir/", views.pokir_adopt, name="reses_pokir_adopt"),
    path("areas/<slug:slug>/notice-board/", views.notice_sheet, name="notice_sheet"),
    path("areas/<slug:slug>/notice-board.pdf", views.notice_sheet_pdf, name="notice_sheet_pdf"),
]
