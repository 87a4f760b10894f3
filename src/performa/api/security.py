"""Who calls the API and how often: token authentication and rate limiting."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from performa.apps.publication.selectors import TokenIdentity, token_identity
from performa.apps.publication.services import api_token_touch


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <key>``: the token's identity (its user's actor), or 401."""

    openapi_description = "Token creato dal controllo di gestione (pagina Token API)."

    def authenticate(self, request: HttpRequest, token: str) -> TokenIdentity | None:
        identity = token_identity(key=token)
        if identity is not None:
            api_token_touch(token=identity.token)
        return identity


class RequestRateThrottle(SimpleRateThrottle):
    """Requests per minute counted in Django's cache: per token when the request carries a
    valid one, else per client address (limits: ``settings.PERFORMA_API_THROTTLE``)."""

    scope = "performa_api"

    def __init__(self) -> None:
        super().__init__(rate="1/min")  # the real rate is read per request, from the settings

    def allow_request(self, request: HttpRequest) -> bool:
        limits = settings.PERFORMA_API_THROTTLE
        per_minute = (
            limits["token_per_minute"]
            if isinstance(getattr(request, "auth", None), TokenIdentity)
            else limits["anonymous_per_minute"]
        )
        self.rate = f"{per_minute}/min"
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        auth = getattr(request, "auth", None)
        ident = (
            f"token-{auth.token.pk}" if isinstance(auth, TokenIdentity) else self.get_ident(request)
        )
        return self.cache_format % {"scope": self.scope, "ident": ident}
