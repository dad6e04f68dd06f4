"""The journey domain's user errors."""

from enum import Enum

import strawberry

from schema.core.errors import UserError


@strawberry.enum(description="Why a journey mutation refused its input.")
class JourneyErrorCode(Enum):
    INVALID = strawberry.enum_value("INVALID", description="The value is not acceptable; see the message.")
    REQUIRED = strawberry.enum_value("REQUIRED", description="A value is missing.")
    NOT_FOUND = strawberry.enum_value("NOT_FOUND", description="An id names nothing you can reach.")
    PERMISSION_DENIED = strawberry.enum_value("PERMISSION_DENIED", description="Not allowed for you.")
    CONFLICT = strawberry.enum_value("CONFLICT", description="Someone else saved the draft since you loaded it.")
    TOO_LONG = strawberry.enum_value("TOO_LONG", description="Too long, too many, or nested too deep.")
    OUT_OF_RANGE = strawberry.enum_value("OUT_OF_RANGE", description="A number is outside its allowed range.")
    DUPLICATE = strawberry.enum_value("DUPLICATE", description="Already exists.")


@strawberry.type(description="A problem with the input of a journey mutation; `field` names the node and its field.")
class JourneyUserError(UserError):
    code: JourneyErrorCode = strawberry.field(description="Machine-readable reason.")
