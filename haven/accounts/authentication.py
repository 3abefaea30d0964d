"""Personal API tokens for Django REST framework: ``Authorization: Bearer <token>``."""

from rest_framework import authentication, exceptions

from haven.accounts.services import api_token_authenticate


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send exactly one token after 'Bearer'.")
        token = api_token_authenticate(secret=header[1])
        if token is None:
            raise exceptions.AuthenticationFailed("The token is invalid, expired or revoked.")
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


def lockout_username(request, credentials: dict | None) -> str | None:
    """The username django-axes counts failures against. The two-factor log-in wizard prefixes
    its form fields ("auth-username"), so read both places, case-insensitively."""
    username = (credentials or {}).get("username")
    if not username and request is not None:
        data = getattr(request, "data", None) or request.POST
        username = data.get("auth-username") or data.get("username")
    return username.strip().lower() if username else None
