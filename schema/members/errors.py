"""The member domain's user errors."""

from enum import Enum

import strawberry

from schema.core.errors import UserError


@strawberry.enum(description="Why a member mutation refused its input.")
class MemberErrorCode(Enum):
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    NOT_FOUND = "NOT_FOUND"
    DUPLICATE = "DUPLICATE"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    TOO_LONG = "TOO_LONG"
    OUT_OF_RANGE = "OUT_OF_RANGE"


@strawberry.type(description="A problem with the input of a member mutation.")
class MemberUserError(UserError):
    code: MemberErrorCode = strawberry.field(description="Machine-readable reason.")
