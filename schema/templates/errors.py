"""The template domain's user errors."""

from enum import Enum

import strawberry

from schema.core.errors import UserError


@strawberry.enum(description="Why a template mutation refused its input.")
class TemplateErrorCode(Enum):
    INVALID = strawberry.enum_value("INVALID", description="The value is not acceptable; see the message.")
    REQUIRED = strawberry.enum_value("REQUIRED", description="A value is missing.")
    NOT_FOUND = strawberry.enum_value("NOT_FOUND", description="An id names nothing (or something deleted).")
    DUPLICATE = strawberry.enum_value("DUPLICATE", description="Already exists.")
    PERMISSION_DENIED = strawberry.enum_value("PERMISSION_DENIED", description="Not allowed for you.")
    TOO_LONG = strawberry.enum_value("TOO_LONG", description="Too long, too large or too many.")
    OUT_OF_RANGE = strawberry.enum_value("OUT_OF_RANGE", description="A number is outside its allowed range.")


@strawberry.type(description="A problem with the input of a template mutation.")
class TemplateUserError(UserError):
    code: TemplateErrorCode = strawberry.field(description="Machine-readable reason.")
