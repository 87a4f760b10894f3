"""The NinjaAPI instance, mounted at ``/api/v1/`` with its OpenAPI description and docs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from performa.api.integrations import router as integrations_router
from performa.api.public import router as public_router
from performa.api.security import RequestRateThrottle

api = NinjaAPI(
    title="performa API",
    version="1",
    description=(
        "Dati pubblicati sulla performance (lettura libera, senza autenticazione) e, con un "
        "token, lettura e scrittura di piano e valori per i sistemi collegati, con gli stessi "
        "permessi dell'applicazione web. Limiti di frequenza: risposta 429 con Retry-After."
    ),
    urls_namespace="api",
    throttle=[RequestRateThrottle()],
)
api.add_router("/public/", public_router)
api.add_router("/", integrations_router)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """422 with the problems, in the documented ``ValidationErrorOut`` body."""
    return api.create_response(request, {"detail": error.errors}, status=422)
