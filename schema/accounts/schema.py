"""Login, logout and who am I."""

from __future__ import annotations

import math
from enum import Enum
from typing import Annotated, Any

import strawberry
from starlette.responses import Response

from api.accounts import services
from api.core.config import get_settings
from schema.core.errors import UserError, mutate

SESSION_COOKIE = services.SESSION_COOKIE


@strawberry.enum(description="What a viewer may do.")
class Role(Enum):
    ADMIN = strawberry.enum_value("admin", description="Everything, everywhere.")
    COMPANY_ADMIN = strawberry.enum_value("company_admin", description="Members of their retail company.")
    STORE_MANAGER = strawberry.enum_value("store_manager", description="Members of their stores.")
    GUIDE = strawberry.enum_value("guide", description="Their own customers.")
    PARTNER = strawberry.enum_value("partner", description="A system that pushes events and orders.")


@strawberry.type(name="Viewer", description="Who is calling.")
class ViewerType:
    name: str = strawberry.field(description="Display name.")
    role: Role = strawberry.field(description="Role.")
    scopes: list[str] = strawberry.field(description="What the viewer may do, e.g. members:read.")


def viewer_type(v: Any) -> ViewerType:
    return ViewerType(name=v.name, role=Role(v.role.value), scopes=sorted(v.scopes))


@strawberry.enum(description="Why a login failed.")
class AuthErrorCode(Enum):
    INVALID = strawberry.enum_value("INVALID", description="The value is not acceptable; see the message.")
    INVALID_CREDENTIALS = strawberry.enum_value("INVALID_CREDENTIALS", description="Wrong username or password.")
    REQUIRED = strawberry.enum_value("REQUIRED", description="A value is missing.")
    THROTTLED = strawberry.enum_value(
        "THROTTLED",
        description="Too many failed logins for this username or address; the message says when to try again "
        "(also the Retry-After header).",
    )


@strawberry.type(description="A problem with a login.")
class AuthUserError(UserError):
    code: AuthErrorCode = strawberry.field(description="Machine-readable reason.")


@strawberry.input(description="Admin credentials.")
class LoginInput:
    username: str = strawberry.field(description="Username.")
    password: str = strawberry.field(description="Password.")


@strawberry.type(description="Result of login: on success an HTTP-only session cookie is set.")
class LoginPayload:
    viewer: ViewerType | None = strawberry.field(default=None, description="Who is now logged in.")
    user_errors: list[AuthUserError] = strawberry.field(
        default_factory=list, description="What was wrong with the input; empty on success."
    )


@strawberry.type(description="Result of logout.")
class LogoutPayload:
    ok: bool = strawberry.field(default=True, description="The session is ended.")
    user_errors: list[AuthUserError] = strawberry.field(
        default_factory=list, description="What was wrong with the input; empty on success."
    )


@strawberry.type
class AccountQueries:
    @strawberry.field(description="The caller; null when not logged in and no token is sent.")
    def viewer(self, info: strawberry.Info) -> ViewerType | None:
        v = info.context.viewer
        return viewer_type(v) if v else None


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="Log in to the admin: sets the HTTP-only session cookie.")
    async def login(
        self,
        info: strawberry.Info,
        input: Annotated[LoginInput, strawberry.argument(description="The input; see its fields.")],
    ) -> LoginPayload:
        request = info.context.request
        client_ip = request.client.host if request.client else None

        async def action() -> dict[str, Any]:
            try:
                secret, user = await services.login(input.username, input.password, client_ip)
            except services.LoginThrottled as exc:
                if isinstance(info.context.response, Response):
                    info.context.response.headers["Retry-After"] = str(math.ceil(exc.retry_after))
                raise
            response = info.context.response
            if isinstance(response, Response):
                settings = get_settings()
                response.set_cookie(
                    SESSION_COOKIE,
                    services.session_cookie_value(secret),
                    max_age=settings.session_days * 86400,
                    httponly=True,
                    samesite="lax",
                    secure=settings.production,
                    path="/",
                )
            viewer = await services.viewer_from_session(secret)
            return {"viewer": viewer_type(viewer)}

        return await mutate(LoginPayload, AuthUserError, AuthErrorCode, action, atomic=False)

    @strawberry.mutation(description="Log out: ends the session and clears the cookie.")
    async def logout(self, info: strawberry.Info) -> LogoutPayload:
        if info.context.session_secret:
            await services.logout(info.context.session_secret)
        if isinstance(info.context.response, Response):
            info.context.response.delete_cookie(SESSION_COOKIE, path="/")
        return LogoutPayload(ok=True, user_errors=[])
