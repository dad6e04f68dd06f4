"""The development sandbox gateway: a real HTTP endpoint inside Rapport (``POST /dev/sandbox-gateway``,
mounted only when ``RAPPORT_ENV=development``) that accepts the HTTP transport's signed messages as a
provider would, so the demo's sends really travel through the outbox, the relay and the HTTP adapter.

It checks the signature (``SANDBOX_SECRET``) and the timestamp against the service clock (which the
demo may have moved), answers a message id derived from the idempotency key (a retried send gets the
same id back), and keeps nothing.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse

from api.channels.base import IDEMPOTENCY_HEADER, ReceiptRejected, verify_signed
from api.core import clock

log = logging.getLogger(__name__)

SANDBOX_SECRET = "rapport-development-sandbox"
PATH = "/dev/sandbox-gateway"


async def sandbox_gateway(request: Request) -> JSONResponse:
    body = await request.body()
    try:
        verify_signed(SANDBOX_SECRET, request.headers, body, clock.now())
    except ReceiptRejected as exc:
        return JSONResponse({"error": exc.code, "message": exc.message}, status_code=exc.status)
    key = request.headers.get(IDEMPOTENCY_HEADER, "")
    log.info("sandbox gateway accepted %s (%d bytes)", key, len(body))
    return JSONResponse({"messageId": f"sandbox-{key}"})
