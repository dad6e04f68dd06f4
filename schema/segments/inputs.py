"""GraphQL inputs of segments: the recursive one-of ``SegmentRuleInput`` and its typed conditions.

The rule is stored as JSON with exactly these field names (ids as primary keys), so ``Segment.rule``
can be sent back as ``SegmentRuleInput`` after its ids are turned into global ids again.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

import strawberry
from strawberry.types.base import has_object_definition
from strawberry.utils.str_converters import to_camel_case

from api.core.errors import DomainError, ErrorCollector
from api.segments.rules import ID_FIELDS, MAX_CHILDREN, MAX_DAYS, MAX_DEPTH
from schema.core.ids import decode_id, to_global_id
from schema.members.types import Gender
from schema.segments.types import BirthdayPeriod, ReachChannel, RfmLabel, RfmLevel, TagMatch

_DAYS = f"Days, 0–{MAX_DAYS}."


@strawberry.input(description="An inclusive range of whole numbers; give min, max or both.")
class IntRangeInput:
    min: int | None = strawberry.field(default=None, description="Lowest value that matches (inclusive).")
    max: int | None = strawberry.field(default=None, description="Highest value that matches (inclusive).")


@strawberry.input(description="An inclusive range of amounts in cents (分, 1 yuan = 100); give min, max or both.")
class CentsRangeInput:
    min: int | None = strawberry.field(default=None, description="Lowest amount in cents (inclusive).")
    max: int | None = strawberry.field(default=None, description="Highest amount in cents (inclusive).")


@strawberry.input(description="Gender is one of these.")
class GenderCondition:
    in_: list[Gender] = strawberry.field(name="in", description="Genders that match.")


@strawberry.input(
    description="Age in full years today (store time zone); members without a birthday never match. "
    "A Feb 29 birthday adds a year on Feb 28 in years without Feb 29."
)
class AgeCondition:
    min: int | None = strawberry.field(default=None, description="Youngest age that matches (0–150).")
    max: int | None = strawberry.field(default=None, description="Oldest age that matches (0–150).")


@strawberry.input(
    description="Birthday falls in a period around today (store time zone). A Feb 29 birthday is "
    "celebrated on Feb 28 in years without Feb 29 (so it counts as today on Feb 28 of such a year). "
    "Members without a birthday never match."
)
class BirthdayCondition:
    period: BirthdayPeriod = strawberry.field(description="Which days count.")
    days: int | None = strawberry.field(
        default=None,
        description="For IN_DAYS (exactly this many days from today) and WITHIN_DAYS (today up to "
        "and including this many days ahead): 0–366.",
    )


@strawberry.input(description="Registration time (store-local calendar days). Every given bound must hold.")
class RegisteredCondition:
    before: date | None = strawberry.field(default=None, description="Registered before this day began.")
    after: date | None = strawberry.field(default=None, description="Registered after this day ended.")
    within_days: int | None = strawberry.field(
        default=None, description="Registered within the last N days, today counting as one (N ≥ 1)."
    )


@strawberry.input(description="Registration source is one of these (e.g. 小程序, 门店, 大众点评).")
class SourceCondition:
    in_: list[str] = strawberry.field(name="in", description="Sources that match.")


@strawberry.input(description="Home store is one of these.")
class StoreCondition:
    in_: list[strawberry.ID] = strawberry.field(name="in", description="Store ids.")


@strawberry.input(description="Current tier is one of these.")
class TierCondition:
    in_: list[strawberry.ID] = strawberry.field(name="in", description="Tier ids.")


@strawberry.input(description="Tags the member carries.")
class TagsCondition:
    match: TagMatch = strawberry.field(description="ANY, ALL or NONE of the tags.")
    tags: list[str] = strawberry.field(description="The tags.")


@strawberry.input(
    description="A merchant-defined custom attribute. Give exactly one test: equals, contains, or a "
    "range (min/max). Members without the attribute never match."
)
class CustomAttributeCondition:
    key: str = strawberry.field(description="Attribute name (no quotes or backslashes).")
    equals: str | None = strawberry.field(
        default=None,
        description="Text value equals this; numbers compare as numbers ('3' matches 3 and 3.0), "
        "booleans as 'true' / 'false'.",
    )
    contains: str | None = strawberry.field(default=None, description="Text value contains this (case-sensitive).")
    min: float | None = strawberry.field(default=None, description="Numeric value is at least this.")
    max: float | None = strawberry.field(default=None, description="Numeric value is at most this.")


@strawberry.input(description="Owning shopping guide is one of these.")
class GuideCondition:
    in_: list[strawberry.ID] = strawberry.field(name="in", description="Guide ids.")


@strawberry.input(description="Has an owning guide and has been the guide's WeCom friend for more than N days.")
class GuideFriendCondition:
    more_than: int = strawberry.field(description="Friend since before the start of day today−N. " + _DAYS)


@strawberry.input(
    description="Last purchase (fully refunded orders do not count). Members who never purchased "
    "never match: use neverPurchased for them."
)
class LastPurchaseCondition:
    more_than_days_ago: int | None = strawberry.field(
        default=None, description="Last purchase before the start of day today−N. " + _DAYS
    )
    less_than_days_ago: int | None = strawberry.field(
        default=None, description="Last purchase within the last N days, today counting as one (N ≥ 1)."
    )


@strawberry.input(description="First visit (first counted order) within the last N days, today counting as one.")
class FirstVisitCondition:
    within_days: int = strawberry.field(description="N ≥ 1.")


@strawberry.input(
    description="Orders and net spend in the last N days (today counting as one). Fully refunded "
    "orders do not count; spend is totals minus refunds. Members with no orders have 0 and 0."
)
class PurchasesCondition:
    days: int = strawberry.field(description="Window in days, N ≥ 1.")
    order_count: IntRangeInput | None = strawberry.field(default=None, description="Orders in the window.")
    spend: CentsRangeInput | None = strawberry.field(default=None, description="Net spend in the window, cents.")


@strawberry.input(description="Bought a product or a product of a category (a line not fully refunded).")
class BoughtCondition:
    product_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Any of these products.")
    categories: list[str] | None = strawberry.field(default=None, description="Or any product of these categories.")
    days: int | None = strawberry.field(
        default=None, description="Only in the last N days (today counting as one); leave out for ever."
    )


@strawberry.input(description="A service was completed in the last N days (today counting as one).")
class ServiceCompletedCondition:
    days: int = strawberry.field(description="N ≥ 1.")
    product_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only these services; leave out for any."
    )


@strawberry.input(
    description="Holds unexpired stored-value cards (of the given card products, if any) whose "
    "total balance is below and/or above an amount. Members without such a card never match."
)
class StoredValueCondition:
    below: int | None = strawberry.field(default=None, description="Total balance strictly below this, cents.")
    above: int | None = strawberry.field(default=None, description="Total balance strictly above this, cents.")
    card_product_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Card products.")


@strawberry.input(
    description="Holds a card (of the given card products, if any) that has not expired yet and "
    "expires by the end of day today+N."
)
class CardExpiringCondition:
    within_days: int = strawberry.field(description=_DAYS)
    card_product_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Card products.")


@strawberry.input(
    description="Holds an unexpired punch card (of the given card products, if any) with at most "
    "(and at least) so many uses left."
)
class PunchRemainingCondition:
    at_most: int = strawberry.field(description="Remaining uses at most this.")
    at_least: int | None = strawberry.field(default=None, description="Remaining uses at least this.")
    card_product_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Card products.")


@strawberry.input(
    description="Points expiring by the end of day today+N add up to at least Y (earned entries "
    "with an expiry in that window), and the balance is at least Y (spent points cannot expire)."
)
class PointsExpiringCondition:
    within_days: int = strawberry.field(description=_DAYS)
    at_least: int = strawberry.field(description="Y ≥ 1 points.")


@strawberry.input(description="Can be reached on a channel: identity present and consent given.")
class ReachableCondition:
    channel: ReachChannel = strawberry.field(description="The channel.")


@strawberry.input(
    description="Member (or not) of another segment, evaluated live with that segment's rule. "
    "References may not loop and may chain at most 5 deep."
)
class InSegmentCondition:
    segment_id: strawberry.ID = strawberry.field(description="The other segment.")
    is_member: bool = strawberry.field(default=True, description="false: NOT a member of it.")


@strawberry.input(
    description="RFM (recency, frequency, monetary) against the merchant's thresholds, for all "
    "purchases or one category (its thresholds if set, else the default ones). Every given part must "
    "hold. Members who never purchased have no recency label."
)
class RfmCondition:
    category: str | None = strawberry.field(default=None, description="Product category; leave out for all.")
    recency: list[RfmLabel] | None = strawberry.field(default=None, description="Recency label is one of these.")
    frequency: RfmLevel | None = strawberry.field(default=None, description="Orders in the window high or low.")
    monetary: RfmLevel | None = strawberry.field(default=None, description="Net spend in the window high or low.")


@strawberry.input(
    one_of=True,
    description=f"A segment rule: exactly one field per node. Groups (all / any / not) nest at most {MAX_DEPTH} deep "
    f"with at most {MAX_CHILDREN} rules per group and 100 conditions per rule. Relative dates use the store time "
    "zone; 'within the last N days' counts today as one day.",
)
class SegmentRuleInput:
    all: list[SegmentRuleInput] | None = strawberry.field(default=strawberry.UNSET, description="Every rule holds.")
    any: list[SegmentRuleInput] | None = strawberry.field(default=strawberry.UNSET, description="At least one holds.")
    not_: SegmentRuleInput | None = strawberry.field(
        name="not", default=strawberry.UNSET, description="The rule does not hold."
    )
    gender: GenderCondition | None = strawberry.field(default=strawberry.UNSET, description="Gender.")
    age: AgeCondition | None = strawberry.field(default=strawberry.UNSET, description="Age range.")
    birthday: BirthdayCondition | None = strawberry.field(default=strawberry.UNSET, description="Birthday period.")
    registered: RegisteredCondition | None = strawberry.field(
        default=strawberry.UNSET, description="Registration time."
    )
    source: SourceCondition | None = strawberry.field(default=strawberry.UNSET, description="Registration source.")
    home_store: StoreCondition | None = strawberry.field(default=strawberry.UNSET, description="Home store.")
    tier: TierCondition | None = strawberry.field(default=strawberry.UNSET, description="Tier.")
    tags: TagsCondition | None = strawberry.field(default=strawberry.UNSET, description="Tags.")
    custom_attribute: CustomAttributeCondition | None = strawberry.field(
        default=strawberry.UNSET, description="Custom attribute."
    )
    guide: GuideCondition | None = strawberry.field(default=strawberry.UNSET, description="Owning guide.")
    guide_friend_days: GuideFriendCondition | None = strawberry.field(
        default=strawberry.UNSET, description="Friend of their guide for more than N days."
    )
    no_guide: bool | None = strawberry.field(
        default=strawberry.UNSET, description="true: has no owning guide. false: has one."
    )
    last_purchase: LastPurchaseCondition | None = strawberry.field(
        default=strawberry.UNSET, description="Last purchase age."
    )
    never_purchased: bool | None = strawberry.field(
        default=strawberry.UNSET, description="true: no counted purchase ever. false: at least one."
    )
    first_visit: FirstVisitCondition | None = strawberry.field(
        default=strawberry.UNSET, description="First visit recently."
    )
    purchases: PurchasesCondition | None = strawberry.field(
        default=strawberry.UNSET, description="Orders / spend in a window."
    )
    total_spend: CentsRangeInput | None = strawberry.field(
        default=strawberry.UNSET, description="Lifetime net spend, cents."
    )
    bought: BoughtCondition | None = strawberry.field(
        default=strawberry.UNSET, description="Bought a product or category."
    )
    service_completed: ServiceCompletedCondition | None = strawberry.field(
        default=strawberry.UNSET, description="Service completed."
    )
    stored_value_balance: StoredValueCondition | None = strawberry.field(
        default=strawberry.UNSET, description="Stored-value balance."
    )
    card_expiring: CardExpiringCondition | None = strawberry.field(
        default=strawberry.UNSET, description="A card expires soon."
    )
    punch_remaining: PunchRemainingCondition | None = strawberry.field(
        default=strawberry.UNSET, description="Punch-card uses left."
    )
    points_balance: IntRangeInput | None = strawberry.field(default=strawberry.UNSET, description="Points balance.")
    points_expiring: PointsExpiringCondition | None = strawberry.field(
        default=strawberry.UNSET, description="Points expiring soon."
    )
    reachable: ReachableCondition | None = strawberry.field(
        default=strawberry.UNSET, description="Reachable on a channel."
    )
    in_segment: InSegmentCondition | None = strawberry.field(
        default=strawberry.UNSET, description="Member of another segment."
    )
    rfm: RfmCondition | None = strawberry.field(default=strawberry.UNSET, description="RFM smart condition.")


@strawberry.input(description="A new custom segment.")
class SegmentCreateInput:
    name: str = strawberry.field(description="Name, 1–120 characters.")
    rule: SegmentRuleInput = strawberry.field(description="Who is in it.")
    description: str | None = strawberry.field(default=None, description="What it is for.")


@strawberry.input(
    description="Changes to a segment; fields left out keep their value. A new rule is re-materialised at once."
)
class SegmentUpdateInput:
    name: str | None = strawberry.field(default=None, description="New name.")
    rule: SegmentRuleInput | None = strawberry.field(default=None, description="New rule (custom segments only).")
    description: str | None = strawberry.field(default=None, description="New description.")


@strawberry.input(description="RFM thresholds for all purchases (category left out) or for one product category.")
class RfmThresholdsInput:
    category: str | None = strawberry.field(default=None, description="Product category; leave out for the default.")
    active_days: int = strawberry.field(description="Last purchase at most this many days ago: ACTIVE.")
    sleeping_days: int = strawberry.field(
        description="At most this many days ago (> activeDays): SLEEPING; longer: LOST."
    )
    window_days: int = strawberry.field(description="Frequency and monetary are measured over this many days.")
    frequency_high: int = strawberry.field(description="Orders in the window at or above this: HIGH frequency.")
    monetary_high_cents: int = strawberry.field(
        description="Net spend in the window at or above this (cents): HIGH monetary."
    )


# -- translation --------------------------------------------------------------------------------------------------


def rule_from_input(value: Any, path: list[str]) -> dict[str, Any]:
    """The stored form of a ``SegmentRuleInput``: JSON with GraphQL names and primary-key ids.

    Global ids are decoded here so that a wrong id is a userError on its own path.
    """
    errors = ErrorCollector()
    out = _node_from_input(value, path, errors, None)
    errors.raise_if_any()
    return out


def _fields(obj: Any) -> list[tuple[str, Any]]:
    out = []
    for f in obj.__strawberry_definition__.fields:
        v = getattr(obj, f.python_name)
        if v is strawberry.UNSET or v is None:
            continue
        out.append((f.graphql_name or to_camel_case(f.python_name), v))
    return out


def _node_from_input(value: Any, path: list[str], errors: ErrorCollector, cond: str | None) -> Any:
    if isinstance(value, list):
        return [_node_from_input(v, [*path, str(i)], errors, cond) for i, v in enumerate(value)]
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, date):
        return value.isoformat()
    if has_object_definition(type(value)):
        is_rule = isinstance(value, SegmentRuleInput)
        out: dict[str, Any] = {}
        for name, v in _fields(value):
            sub_cond = name if is_rule and name not in ("all", "any", "not") else cond
            ref = ID_FIELDS.get((cond, name)) if cond and not is_rule else None
            if ref:
                out[name] = _decode(v, ref, [*path, name], errors)
            else:
                out[name] = _node_from_input(v, [*path, name], errors, sub_cond)
        if is_rule and len(out) != 1:
            errors.add(path, "Give exactly one field per rule node.")
        return out
    return value


def _decode(value: Any, ref: str, path: list[str], errors: ErrorCollector) -> Any:
    def one(v: Any, p: list[str]) -> int | None:
        try:
            return decode_id(str(v), ref, p)
        except DomainError as exc:
            errors.errors.extend(exc.errors)
            return None

    if isinstance(value, list):
        return [one(v, [*path, str(i)]) for i, v in enumerate(value)]
    return one(value, path)


def rule_to_output(rule: Any, cond: str | None = None) -> Any:
    """A stored rule with global ids, ready to be sent back as ``SegmentRuleInput``."""
    if isinstance(rule, list):
        return [rule_to_output(r, cond) for r in rule]
    if not isinstance(rule, dict):
        return rule
    out: dict[str, Any] = {}
    for k, v in rule.items():
        if cond is None and k not in ("all", "any", "not"):
            out[k] = rule_to_output(v, k)
            continue
        ref = ID_FIELDS.get((cond, k)) if cond else None
        if ref:
            out[k] = [to_global_id(ref, i) for i in v] if isinstance(v, list) else to_global_id(ref, v)
        else:
            out[k] = rule_to_output(v, cond)
    return out
