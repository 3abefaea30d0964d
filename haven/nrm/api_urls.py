"""NRM API routes; the project includes this module under ``api/v1/``."""

from django.urls import path

from haven.nrm import api

urlpatterns = [
    path(
        "cases/<int:case_id>/nrm-referrals/",
        api.CaseReferralsView.as_view(),
        name="api-case-nrm-referrals",
    ),
    path(
        "cases/<int:case_id>/ictg-referrals/",
        api.CaseIctgReferralsView.as_view(),
        name="api-case-ictg-referrals",
    ),
    path("nrm-referrals/<int:referral_id>/", api.ReferralView.as_view(), name="api-nrm-referral"),
    path(
        "nrm-referrals/<int:referral_id>/submit/",
        api.ReferralSubmitView.as_view(),
        name="api-nrm-referral-submit",
    ),
    path(
        "nrm-referrals/<int:referral_id>/decisions/",
        api.ReferralDecisionsView.as_view(),
        name="api-nrm-referral-decisions",
    ),
    path(
        "nrm-referrals/<int:referral_id>/export.json",
        api.ReferralExportView.as_view(),
        name="api-nrm-referral-export",
    ),
    path("duty-to-notify/", api.DutiesToNotifyView.as_view(), name="api-duties-to-notify"),
    path(
        "duty-to-notify/<int:duty_id>/", api.DutyToNotifyView.as_view(), name="api-duty-to-notify"
    ),
    path(
        "duty-to-notify/<int:duty_id>/submit/",
        api.DutyToNotifySubmitView.as_view(),
        name="api-duty-to-notify-submit",
    ),
    path(
        "duty-to-notify/<int:duty_id>/decisions/",
        api.DutyToNotifyDecisionsView.as_view(),
        name="api-duty-to-notify-decisions",
    ),
    path(
        "duty-to-notify/<int:duty_id>/export.json",
        api.DutyToNotifyExportView.as_view(),
        name="api-duty-to-notify-export",
    ),
]
