"""NRM pages. The URL names are a contract other code reverses."""

from django.urls import path

from haven.nrm import views

app_name = "nrm"
urlpatterns = [
    path("cases/<int:case_id>/nrm-referrals/new/", views.referral_start, name="start"),
    path("cases/<int:case_id>/guardian-referral/", views.ictg_record, name="ictg"),
    path("nrm-referrals/<int:referral_id>/", views.referral_detail, name="referral"),
    path("nrm-referrals/<int:referral_id>/edit/", views.referral_edit, name="edit"),
    path("nrm-referrals/<int:referral_id>/submit/", views.referral_submit, name="submit"),
    path("nrm-referrals/<int:referral_id>/decision/", views.referral_decision, name="decision"),
    path("nrm-referrals/<int:referral_id>/pack.pdf", views.referral_pdf, name="pdf"),
    path("duty-to-notify/", views.duty_to_notify_list, name="duties"),
    path("duty-to-notify/new/", views.duty_to_notify_new, name="duty_new"),
    path("duty-to-notify/<int:duty_id>/", views.duty_to_notify_detail, name="duty"),
    path("duty-to-notify/<int:duty_id>/submit/", views.duty_to_notify_submit, name="duty_submit"),
    path(
        "duty-to-notify/<int:duty_id>/decision/",
        views.duty_to_notify_decision,
        name="duty_decision",
    ),
]
