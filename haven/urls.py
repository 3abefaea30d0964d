from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from two_factor.urls import urlpatterns as two_factor_urlpatterns

from haven.accounts.views import SignInView, TwoFactorSetupView
from haven.core import views as core_views

# Two-factor authentication is mandatory, so its "disable" page is left out; sign-in and
# set-up are the package's views with GOV.UK words (haven.accounts.views).
_OWN_VIEWS = {
    "login": ("account/login/", SignInView),
    "setup": ("account/two_factor/setup/", TwoFactorSetupView),
}
two_factor_urls = (
    [
        *(path(route, view.as_view(), name=name) for name, (route, view) in _OWN_VIEWS.items()),
        *(
            p
            for p in two_factor_urlpatterns[0]
            if getattr(p, "name", None) not in {"disable", *_OWN_VIEWS}
        ),
    ],
    two_factor_urlpatterns[1],
)

api_v1 = [
    path("", include("haven.accounts.api_urls")),
    path("", include("haven.matching.api_urls")),
    path("", include("haven.people.api_urls")),
    path("", include("haven.cases.api_urls")),
    path("", include("haven.screening.api_urls")),
    path("", include("haven.actions.api_urls")),
    path("", include("haven.meetings.api_urls")),
    path("", include("haven.documents.api_urls")),
    path("", include("haven.missing.api_urls")),
    path("", include("haven.placements.api_urls")),
    path("", include("haven.philomena.api_urls")),
    path("", include("haven.investigations.api_urls")),
    path("", include("haven.nrm.api_urls")),
    path("", include("haven.notifications.api_urls")),
    path("", include("haven.strategy.api_urls")),
    path("", include("haven.intelligence.api_urls")),
]

urlpatterns = [
    path("", include("haven.core.urls")),
    path("", include(two_factor_urls)),
    path("account/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/session/", include("haven.drafts.urls")),
    path("account/", include("haven.accounts.urls")),
    path("people/", include("haven.people.urls")),
    path("", include("haven.cases.urls")),
    path("", include("haven.actions.urls")),
    path("", include("haven.screening.urls")),
    path("", include("haven.meetings.urls")),
    path("", include("haven.documents.urls")),
    path("", include("haven.missing.urls")),
    path("", include("haven.placements.urls")),
    path("", include("haven.philomena.urls")),
    path("", include("haven.investigations.urls")),
    path("", include("haven.nrm.urls")),
    path("", include("haven.matching.urls")),
    path("", include("haven.intelligence.urls")),
    path("strategy/", include("haven.strategy.urls")),
    path("audit/", include("haven.audit.urls")),
    path("notifications/", include("haven.notifications.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI sets inline styles; its scripts still come only from 'self'.
    path(
        "api/docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
]

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
