"""Cross-site request forgery: which cookie-carrying requests come from a page we trust.

The admin authenticates with an HTTP-only session cookie. ``SameSite=Lax`` keeps that cookie off
cross-site POSTs in current browsers, but not off same-site ones (a sibling subdomain) nor out of
older browsers, and a form can POST ``multipart/form-data`` without a CORS preflight. So a state-
changing request (a POST, or a WebSocket handshake) that carries no bearer token must either

* carry an ``Origin`` that is the server's own (scheme://host[:port] of the request) or one listed
  in ``RAPPORT_CORS_ORIGINS`` — browsers send ``Origin`` on every cross-origin request and on
  same-origin POSTs; or
* carry no ``Origin`` but the custom header ``X-Rapport-Client`` (which a cross-site page can only
  set after a CORS preflight that we do not grant) — when it also carries the session cookie.

A foreign ``Origin`` is refused even without a cookie: that also stops login CSRF (logging a victim
into the attacker's account). Requests with ``Authorization: Bearer`` are never affected: a
browser does not attach those on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

CLIENT_HEADER = "x-rapport-client"
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def normalise_origin(origin: str) -> str:
    """``scheme://host[:port]`` in lower case, without a default port or a trailing slash."""
    origin = origin.strip().rstrip("/").lower()
    scheme, sep, rest = origin.partition("://")
    if not sep:
        return origin
    host, colon, port = rest.rpartition(":")
    if colon and port == _DEFAULT_PORTS.get(scheme):
        rest = host
    return f"{scheme}://{rest}"


def own_origin(scheme: str, host: str) -> str:
    """The origin a request was addressed to (``ws``/``wss`` count as ``http``/``https``)."""
    scheme = {"ws": "http", "wss": "https"}.get(scheme, scheme)
    return normalise_origin(f"{scheme}://{host}")


def refusal(
    *,
    state_changing: bool,
    headers: Mapping[str, str],
    has_session_cookie: bool,
    request_origin: str,
    allowed_origins: Iterable[str],
) -> str | None:
    """Why this request is refused (a sentence for the 403 body), or ``None`` when it may proceed.

    ``headers`` are the request's, with lower-case names.
    """
    if not state_changing:
        return None
    if headers.get("authorization", "").lower().startswith("bearer "):
        return None
    origin = headers.get("origin")
    if origin is not None:
        allowed = {normalise_origin(o) for o in allowed_origins} | {normalise_origin(request_origin)}
        if normalise_origin(origin) in allowed:
            return None
        return (
            f"Origin '{origin}' may not send requests authenticated by the session cookie. "
            "Use the admin at its own address, add the origin to RAPPORT_CORS_ORIGINS, "
            "or authenticate with 'Authorization: Bearer <token>'."
        )
    if has_session_cookie and not headers.get(CLIENT_HEADER):
        return (
            "A request authenticated by the session cookie must carry an Origin header "
            "or the X-Rapport-Client header; or authenticate with 'Authorization: Bearer <token>'."
        )
    return None
