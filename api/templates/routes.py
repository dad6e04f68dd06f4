"""``GET /media/<sha256>``: a stored template media file, for signed-in viewers who may read it.

A viewer may read a file when a TemplateMedia row with that content address was uploaded by HQ or by
a company in their reach (the same reach as reading templates); anyone else, anonymous callers
included, gets 404, so the answer never tells whether a file exists. Posters rendered for sends are
stored alongside but have no row, so they are not served here.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response

from api.accounts import services as accounts
from api.templates import media as media_store
from api.templates import services


async def media(request: Request) -> Response:
    sha = str(request.path_params.get("sha", "")).lower()
    viewer = None
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        viewer = await accounts.viewer_from_token(auth[7:].strip())
    else:
        secret = accounts.session_secret_from_cookie(request.cookies.get(accounts.SESSION_COOKIE))
        if secret:
            viewer = await accounts.viewer_from_session(secret)
    not_found = PlainTextResponse("Not found", status_code=404)
    if viewer is None:
        return not_found
    try:
        path = media_store.media_path(sha)
    except ValueError:
        return not_found
    row = await services.media_readable(viewer, sha)
    if row is None or not path.is_file():
        return not_found
    return FileResponse(path, media_type=row.content_type, headers={
        "Cache-Control": "private, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff",
    })
