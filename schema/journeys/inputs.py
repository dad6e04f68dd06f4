"""GraphQL inputs of journeys: a graph of nodes whose configuration is a one-of input typed per node kind.

``graph_from_input`` turns the input into the stored JSON form that ``api.journeys.graph`` checks:
camelCase field names as in GraphQL, global ids decoded to primary keys (a wrong id is a userError on
its own path), segment rules in their stored form. Nothing is validated here beyond types and ids:
a draft may be incomplete, and publishing checks the graph.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.utils.str_converters import to_camel_case

from schema.core.ids import decode_id
from schema.segments.inputs import SegmentRuleInput, rule_from_input
from schema.segments.types import ReachChannel


@strawberry.enum(description="How members enter a journey.")
class JourneyEntryMode(Enum):
    ONE_SHOT = strawberry.enum_value("ONE_SHOT", description="Once, at a date and time: the audience enters together.")
    RECURRING = strawberry.enum_value("RECURRING", description="On a schedule: the audience enters at each run.")
    TRIGGERED = strawberry.enum_value("TRIGGERED", description="Each time a member does something (a trigger).")


@strawberry.enum(description="What lets a member into a triggered journey.")
class JourneyTrigger(Enum):
    ORDER_GOODS = strawberry.enum_value("ORDER_GOODS", description="An order with goods.")
    ORDER_SERVICES = strawberry.enum_value("ORDER_SERVICES", description="An order with services.")
    ORDER_CARDS = strawberry.enum_value("ORDER_CARDS", description="An order that buys a card.")
    SERVICE_COMPLETED = strawberry.enum_value("SERVICE_COMPLETED", description="A service was completed.")
    CARD_USED = strawberry.enum_value("CARD_USED", description="A card was used (划卡).")
    EVENT = strawberry.enum_value("EVENT", description="A recorded event of `eventType`.")
    SEGMENT_ENTERED = strawberry.enum_value("SEGMENT_ENTERED", description="Entering segment `segmentId`.")
    CARD_EXPIRES = strawberry.enum_value("CARD_EXPIRES", description="`daysBefore` days before a card expires.")
    BIRTHDAY = strawberry.enum_value("BIRTHDAY", description="`daysBefore` days before the member's birthday.")


@strawberry.enum(description="When a recurring journey runs (store time zone).")
class JourneySchedule(Enum):
    DAILY = strawberry.enum_value("DAILY", description="Every day at `time`.")
    WEEKLY = strawberry.enum_value("WEEKLY", description="Each week on `weekday` (1 Monday … 7 Sunday) at `time`.")
    MONTHLY = strawberry.enum_value("MONTHLY", description="Each month on `day` (the last day if shorter) at `time`.")
    MONTH_LAST_DAY = strawberry.enum_value("MONTH_LAST_DAY", description="The last day of each month at `time`.")


@strawberry.enum(description="Whether a member may enter again.")
class JourneyReentry(Enum):
    ONCE = strawberry.enum_value("ONCE", description="Once ever.")
    EVERY_N_DAYS = strawberry.enum_value("EVERY_N_DAYS", description="Again once `reentryDays` days have passed.")
    EVERY_TIME = strawberry.enum_value("EVERY_TIME", description="Every time (never two live runs at once).")


@strawberry.enum(description="A member date a wait can aim at.")
class JourneyDateField(Enum):
    BIRTHDAY = strawberry.enum_value("BIRTHDAY", description="The member's next birthday.")
    CARD_EXPIRES = strawberry.enum_value("CARD_EXPIRES", description="The expiry of the member's soonest card.")


@strawberry.enum(description="What a message does when the member's fatigue cap is full.")
class CappedPolicy(Enum):
    SKIP = strawberry.enum_value("SKIP", description="Not sent; recorded as CAPPED.")
    DEFER = strawberry.enum_value("DEFER", description="Sent when the cap's window frees a slot (bounded).")


@strawberry.enum(description="What a message does inside quiet hours.")
class QuietPolicy(Enum):
    DEFER = strawberry.enum_value("DEFER", description="Sent when the quiet hours end.")
    SKIP = strawberry.enum_value("SKIP", description="Not sent; recorded as QUIET_SKIPPED.")


@strawberry.enum(description="What counts as a journey's goal (a conversion).")
class JourneyGoalKind(Enum):
    ORDER = strawberry.enum_value("ORDER", description="Any order.")
    EVENT = strawberry.enum_value("EVENT", description="A recorded event of `eventType`.")
    SEGMENT = strawberry.enum_value("SEGMENT", description="Entering segment `segmentId`.")


@strawberry.input(description="Who may enter: the owner's members, in any of the segments, matching the rule.")
class JourneyAudienceInput:
    segment_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="In any of these segments.")
    rule: SegmentRuleInput | None = strawberry.field(default=None, description="And matching this rule now.")


@strawberry.input(description="The entry: how members get in, who may, and whether again.")
class EntryNodeInput:
    mode: JourneyEntryMode = strawberry.field(description="One-shot, recurring or triggered.")
    at: datetime | None = strawberry.field(default=None, description="ONE_SHOT: when.")
    every: JourneySchedule | None = strawberry.field(default=None, description="RECURRING: the schedule.")
    weekday: int | None = strawberry.field(default=None, description="WEEKLY: 1 Monday … 7 Sunday.")
    day: int | None = strawberry.field(default=None, description="MONTHLY: day of the month, 1-31.")
    time: str | None = strawberry.field(default=None, description=(
        "RECURRING: time of day, HH:MM (default 09:00). CARD_EXPIRES / BIRTHDAY: the store time the day's scan "
        "waits for (default: just after midnight, quiet hours hold the messages)."))
    trigger: JourneyTrigger | None = strawberry.field(default=None, description="TRIGGERED: what lets members in.")
    event_type: str | None = strawberry.field(default=None, description="EVENT trigger: the event type.")
    segment_id: strawberry.ID | None = strawberry.field(default=None, description="SEGMENT_ENTERED: the segment.")
    days_before: int | None = strawberry.field(default=None, description="CARD_EXPIRES / BIRTHDAY: days before.")
    delay_days: int | None = strawberry.field(default=None, description="TRIGGERED: enter this many days later.")
    audience: JourneyAudienceInput | None = strawberry.field(default=None, description="Who may enter (default all).")
    reentry: JourneyReentry | None = strawberry.field(default=None, description="Re-entry (default ONCE).")
    reentry_days: int | None = strawberry.field(default=None, description="EVERY_N_DAYS: the days.")


@strawberry.input(description="A length of time; the parts add up.")
class DurationInput:
    days: int | None = strawberry.field(default=None, description="Days.")
    hours: int | None = strawberry.field(default=None, description="Hours.")
    minutes: int | None = strawberry.field(default=None, description="Minutes.")


@strawberry.input(description="Wait: exactly one of a duration, a date and time, a weekday at a time, or a member "
                  "date minus some days.")
class WaitNodeInput:
    duration: DurationInput | None = strawberry.field(default=None, description="For this long (more than zero).")
    until: datetime | None = strawberry.field(default=None, description="Until this date and time.")
    weekday: int | None = strawberry.field(default=None, description="Until the next weekday (1 Monday … 7 Sunday).")
    time: str | None = strawberry.field(default=None, description="At this time of day, HH:MM (default 09:00).")
    date_field: JourneyDateField | None = strawberry.field(default=None, description="Until this member date …")
    days_before: int | None = strawberry.field(default=None, description="… minus this many days.")


@strawberry.input(description="Wait for an event, with a timeout: branches `event` and `timeout`.")
class WaitEventNodeInput:
    event_type: str = strawberry.field(description="The event type awaited.")
    timeout_days: int = strawberry.field(description="Give up after this many days (branch `timeout`).")


@strawberry.input(description="Condition split on the member now: branches `yes` and `no`.")
class ConditionNodeInput:
    rule: SegmentRuleInput = strawberry.field(description="The rule the member must match.")


@strawberry.input(description="One ranked audience path.")
class AudiencePathInput:
    key: str = strawberry.field(description="The branch name (not `else`).")
    rule: SegmentRuleInput = strawberry.field(description="Members matching this (and no earlier path) go here.")


@strawberry.input(description="Audience paths: the first matching path wins; branch `else` for the rest.")
class AudiencePathsNodeInput:
    paths: list[AudiencePathInput] = strawberry.field(description="Ranked paths, 1 to 10.")


@strawberry.input(description="One share of a random split.")
class SplitShareInput:
    key: str = strawberry.field(description="The branch name.")
    percent: int = strawberry.field(description="Share of members, 1-99; shares add up to 100.")
    control: bool = strawberry.field(default=False, description="The control group (gets nothing; at most one).")


@strawberry.input(description="Random split / A/B test: a member's share is stable.")
class RandomSplitNodeInput:
    shares: list[SplitShareInput] = strawberry.field(description="2 to 10 shares adding up to 100.")


@strawberry.input(description="Send a message through the send gate (consent, quiet hours, caps, holdout).")
class MessageNodeInput:
    template_id: strawberry.ID = strawberry.field(description="The content template.")
    channels: list[ReachChannel] = strawberry.field(description="Channels in fallback order.")
    priority: int | None = strawberry.field(default=None, description="0-100: higher wins a member's last slot.")
    capped: CappedPolicy | None = strawberry.field(default=None, description="When capped (default SKIP).")
    quiet: QuietPolicy | None = strawberry.field(default=None, description="In quiet hours (default DEFER).")


@strawberry.input(description="A 1:1 task for the member's shopping guide.")
class GuideTaskNodeInput:
    instructions: str = strawberry.field(description="What the guide should do.")
    template_id: strawberry.ID | None = strawberry.field(default=None, description="Content for the guide to send.")
    due_days: int | None = strawberry.field(default=None, description="Due within this many days (default 3).")


@strawberry.input(description="Change the member: tags and points.")
class UpdateMemberNodeInput:
    add_tags: list[str] | None = strawberry.field(default=None, description="Tags to add.")
    remove_tags: list[str] | None = strawberry.field(default=None, description="Tags to remove.")
    grant_points: int | None = strawberry.field(default=None, description="Points to grant.")


@strawberry.input(description="A goal (conversion) counted per journey and per node.")
class GoalNodeInput:
    goal: JourneyGoalKind = strawberry.field(description="What counts.")
    within_days: int = strawberry.field(description="Counted within this many days of entry.")
    event_type: str | None = strawberry.field(default=None, description="EVENT: the event type.")
    segment_id: strawberry.ID | None = strawberry.field(default=None, description="SEGMENT: the segment.")


@strawberry.input(description="Exit: the member leaves the journey here.")
class ExitNodeInput:
    note: str | None = strawberry.field(default=None, description="A note for operators.")


@strawberry.input(one_of=True, description="A node's kind and configuration: exactly one field.")
class JourneyNodeConfigInput:
    entry: EntryNodeInput | None = strawberry.field(default=strawberry.UNSET, description="The entry (exactly one).")
    wait: WaitNodeInput | None = strawberry.field(default=strawberry.UNSET, description="A wait.")
    wait_event: WaitEventNodeInput | None = strawberry.field(default=strawberry.UNSET, description="Wait for an event.")
    condition: ConditionNodeInput | None = strawberry.field(default=strawberry.UNSET, description="Condition split.")
    audience_paths: AudiencePathsNodeInput | None = strawberry.field(default=strawberry.UNSET,
                                                                     description="Audience paths.")
    random_split: RandomSplitNodeInput | None = strawberry.field(default=strawberry.UNSET,
                                                                 description="Random split / A/B test.")
    message: MessageNodeInput | None = strawberry.field(default=strawberry.UNSET, description="Send a message.")
    guide_task: GuideTaskNodeInput | None = strawberry.field(default=strawberry.UNSET, description="Guide task.")
    update_member: UpdateMemberNodeInput | None = strawberry.field(default=strawberry.UNSET,
                                                                   description="Update the member.")
    goal: GoalNodeInput | None = strawberry.field(default=strawberry.UNSET, description="A goal.")
    exit: ExitNodeInput | None = strawberry.field(default=strawberry.UNSET, description="Exit.")


@strawberry.input(description="Where the canvas draws a node.")
class CanvasPositionInput:
    x: float = strawberry.field(description="Horizontal position.")
    y: float = strawberry.field(description="Vertical position.")


@strawberry.input(description="A node: a stable id (edges and metrics refer to it) and its configuration.")
class JourneyNodeInput:
    id: str = strawberry.field(description="Stable id, 1-64 letters, digits, _ or -.")
    config: JourneyNodeConfigInput = strawberry.field(description="Kind and configuration.")
    position: CanvasPositionInput | None = strawberry.field(default=None, description="Canvas position.")


@strawberry.input(description="An edge: members leave `from` by `branch` to `to`.")
class JourneyEdgeInput:
    from_: str = strawberry.field(name="from", description="Source node id.")
    to: str = strawberry.field(description="Target node id.")
    branch: str = strawberry.field(default="next", description="The source's branch (next, yes, no, a share key …).")


@strawberry.input(description="A journey graph.")
class JourneyGraphInput:
    nodes: list[JourneyNodeInput] = strawberry.field(description="Nodes (at most 200).")
    edges: list[JourneyEdgeInput] = strawberry.field(description="Edges.")


@strawberry.enum(description="The built-in plan templates (see journeyTemplates).")
class JourneyTemplateKey(Enum):
    MEMBER_DAY = strawberry.enum_value("MEMBER_DAY", description="Member day reminder.")
    NEW_CUSTOMER_SECOND_VISIT = strawberry.enum_value("NEW_CUSTOMER_SECOND_VISIT",
                                                      description="New customer second visit.")
    POST_SERVICE_FOLLOW_UP = strawberry.enum_value("POST_SERVICE_FOLLOW_UP", description="Post-service follow-up.")
    CARD_USE_REMINDER = strawberry.enum_value("CARD_USE_REMINDER", description="Periodic card-use reminder.")
    CARD_EXPIRY_REMINDER = strawberry.enum_value("CARD_EXPIRY_REMINDER", description="Card expiry reminder.")
    PUNCH_CARD_LOW = strawberry.enum_value("PUNCH_CARD_LOW", description="Punch card low on uses.")
    STORED_VALUE_LOW = strawberry.enum_value("STORED_VALUE_LOW", description="Stored-value balance low.")


@strawberry.input(description="A new journey (a draft until published).")
class JourneyCreateInput:
    name: str = strawberry.field(default="", description="Name, 1-120 characters (from a template: its name).")
    from_template: JourneyTemplateKey | None = strawberry.field(
        default=None, description="Start from a built-in template's graph (pick the message content, then publish).")
    description: str | None = strawberry.field(default=None, description="What it is for.")
    graph: JourneyGraphInput | None = strawberry.field(default=None, description="The draft graph (may be partial).")


@strawberry.input(description="Changes to a journey's draft; omitted fields stay as they are.")
class JourneyUpdateInput:
    name: str | None = strawberry.field(default=None, description="Name, 1-120 characters.")
    description: str | None = strawberry.field(default=None, description="What it is for.")
    graph: JourneyGraphInput | None = strawberry.field(default=None, description="The whole draft graph.")
    revision: int | None = strawberry.field(default=None, description="The draftRevision you loaded: a save over "
                                            "someone else's newer one is refused (CONFLICT).")


@strawberry.input(description="Move the members waiting at one node of the old version to a node of the current one.")
class NodeMappingInput:
    from_node: str = strawberry.field(description="Node id in the old version (an entry delay, wait, "
                                      "wait-for-event or goal).")
    to_node: str = strawberry.field(description="Node id of the same kind in the current version.")


@strawberry.input(description="Which waiting members to move to the current version, and where.")
class JourneyMigrateWaitingInput:
    from_version: int = strawberry.field(description="The older version's number.")
    mapping: list[NodeMappingInput] = strawberry.field(description="Old node → new node pairs; members at nodes "
                                                       "not listed stay on their version.")


KIND_OF_FIELD = {
    "entry": "ENTRY", "wait": "WAIT", "wait_event": "WAIT_EVENT", "condition": "CONDITION",
    "audience_paths": "AUDIENCE_PATHS", "random_split": "RANDOM_SPLIT", "message": "MESSAGE",
    "guide_task": "GUIDE_TASK", "update_member": "UPDATE_MEMBER", "goal": "GOAL", "exit": "EXIT",
}
ID_FIELDS = {"segment_ids": "Segment", "segment_id": "Segment", "template_id": "Template"}


def _plain(value: Any, name: str, path: list[str]) -> Any:
    """A typed input as stored JSON: camelCase keys, enum values, ids decoded, rules in stored form."""
    if value is None or value is strawberry.UNSET:
        return None
    if name in ID_FIELDS:
        if isinstance(value, list):
            return [decode_id(v, ID_FIELDS[name], [*path, str(i)]) for i, v in enumerate(value)]
        return decode_id(value, ID_FIELDS[name], path)
    if name == "rule":
        return rule_from_input(value, path)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v, name, [*path, str(i)]) for i, v in enumerate(value)]
    if hasattr(value, "__strawberry_definition__"):
        out = {}
        for f in value.__strawberry_definition__.fields:
            key = f.graphql_name or to_camel_case(f.python_name)
            v = _plain(getattr(value, f.python_name), f.python_name, [*path, key])
            if v is not None:
                out[key] = v
        return out
    return value


def graph_from_input(graph: JourneyGraphInput, path: list[str]) -> dict[str, Any]:
    """The stored draft form of a graph input."""
    nodes = []
    for i, n in enumerate(graph.nodes):
        base = [*path, "nodes", str(i), "config"]
        (field, value), = [(k, getattr(n.config, k)) for k in KIND_OF_FIELD
                           if getattr(n.config, k) not in (None, strawberry.UNSET)]
        config = _plain(value, field, [*base, to_camel_case(field)]) or {}
        node: dict[str, Any] = {"id": n.id, "kind": KIND_OF_FIELD[field], "config": config}
        if n.position is not None:
            node["position"] = {"x": n.position.x, "y": n.position.y}
        nodes.append(node)
    edges = [{"from": e.from_, "to": e.to, "branch": e.branch} for e in graph.edges]
    return {"nodes": nodes, "edges": edges}
