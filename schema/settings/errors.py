"""The settings domain's user errors."""

from enum import Enum

import strawberry

from schema.core.errors import UserError


@strawberry.enum(description="Why a settings mutation refused its input.")
class SettingsErrorCode(Enum):
    INVALID = strawberry.enum_value("INVALID", description="The value is not acceptable; see the message.")
    REQUIRED = strawberry.enum_value("REQUIRED", description="A value is missing.")
    NOT_FOUND = strawberry.enum_value("NOT_FOUND", description="An id names nothing you can see (or manage).")
    DUPLICATE = strawberry.enum_value("DUPLICATE", description="Already used by another record (a code, a name…).")
    PERMISSION_DENIED = strawberry.enum_value("PERMISSION_DENIED", description="Not allowed for you.")
    TOO_LONG = strawberry.enum_value("TOO_LONG", description="Too long or too many.")
    OUT_OF_RANGE = strawberry.enum_value(
        "OUT_OF_RANGE", description="A number, amount or order (tier levels and thresholds) is outside its range."
    )


@strawberry.type(description="A problem with the input of a settings mutation.")
class SettingsUserError(UserError):
    code: SettingsErrorCode = strawberry.field(description="Machine-readable reason.")
