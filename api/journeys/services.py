"""Journeys: create, edit the draft, publish immutable versions, pause, resume, stop.

Who may do what comes from the scope object: a journey belongs to the company of the viewer who
created it (HQ for admins); everyone in reach reads it; only viewers who may change the owner's
records (``Scope.may_change``) edit, publish or stop it. A company's journey only ever reaches that
company's members, so what it references (segments) must be readable by its owner.
"""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from api.core import clock
from api.core.errors import DomainError, FieldError, invalid, not_found
from api.core.scope import Scope
from api.core.viewer import Viewer
from api.journeys import graph as graphs
from api.journeys.entries import start_cursors
from api.journeys.models import Enrollment, EnrollmentStatus, Journey, JourneyStatus, JourneyVersion

WRITE = "journeys:write"
READ = "journeys:read"


def visible_journeys(viewer: Viewer) -> Any:
    """Journeys the viewer may read: HQ's and those of companies in reach."""
    viewer.require(READ)
    return Journey.filter(Scope.of(viewer).owned_q())


async def get_journey(viewer: Viewer, journey_id: int, *, write: bool = False, field: str = "id") -> Journey:
    """A journey in reach (for writing: one the viewer may change), else NOT_FOUND / PERMISSION_DENIED."""
    journey = await visible_journeys(viewer).get_or_none(id=journey_id)
    if journey is None:
        raise not_found(field, f"No journey with id {journey_id}.")
    if write:
        viewer.require(WRITE)
        if not Scope.of(viewer).may_change(journey.company_id):
            raise DomainError([FieldError((field,), "Only HQ's admins change HQ's journeys; a company's own admins "
                                          "change its journeys.", "PERMISSION_DENIED")])
    return journey  # type: ignore[no-any-return]


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise invalid(["input", "name"], "A journey needs a name of 1-120 characters.")
    return name


async def create_journey(viewer: Viewer, name: str, description: str = "", draft: dict[str, Any] | None = None,
                         template_key: str | None = None) -> Journey:
    """A new draft journey owned by the viewer's company (HQ for admins)."""
    viewer.require(WRITE)
    scope = Scope.of(viewer)
    company_id = await scope.own_company_id()
    if not scope.may_change(company_id):
        raise DomainError([FieldError((), "This account may not create journeys.", "PERMISSION_DENIED")])
    if template_key is not None:
        import copy

        from api.journeys.templates import TEMPLATES

        template = TEMPLATES.get(template_key)
        if template is None:
            raise invalid(["input", "fromTemplate"], f"No journey template {template_key!r}.")
        draft = draft or copy.deepcopy(template.graph)
        name = name or template.name[1]
        description = description or template.description[1]
    return await Journey.create(  # type: ignore[no-any-return]
        name=_check_name(name), description=description or "", draft=draft or {"nodes": [], "edges": []},
        template_key=template_key, company_id=company_id, created_by_user_id=viewer.user_id,
    )


async def update_draft(viewer: Viewer, journey_id: int, *, name: str | None = None, description: str | None = None,
                       draft: dict[str, Any] | None = None, revision: int | None = None) -> Journey:
    """Save the draft. A draft may be incomplete (it is validated on publish); ``revision`` guards against
    overwriting someone else's save (the canvas sends the revision it loaded)."""
    journey = await get_journey(viewer, journey_id, write=True)
    if journey.status is JourneyStatus.STOPPED:
        raise invalid(["id"], "A stopped journey cannot be edited: duplicate it instead.")
    if revision is not None and revision != journey.draft_revision:
        raise DomainError([FieldError(("input", "revision"), f"The draft was saved by someone else since you "
                                      f"loaded it (revision {journey.draft_revision}, yours {revision}).", "CONFLICT")])
    if name is not None:
        journey.name = _check_name(name)
    if description is not None:
        journey.description = description
    if draft is not None:
        if not isinstance(draft, dict) or not isinstance(draft.get("nodes", []), list):
            raise invalid(["input", "draft"], "A draft is an object with nodes and edges.")
        if len(draft.get("nodes", [])) > graphs.MAX_NODES:
            raise invalid(["input", "draft", "nodes"], f"A journey has at most {graphs.MAX_NODES} nodes.")
        journey.draft = draft
    journey.draft_revision += 1
    await journey.save()
    return journey


async def _check_references(journey: Journey, graph: graphs.Graph, base: tuple[str, ...]) -> None:
    """Segments and templates the graph names exist and are readable by the journey's owner."""
    from api.segments.models import Segment

    owner = Scope.of_company(journey.company_id)
    wanted: dict[int, list[tuple[graphs.Node, list[str]]]] = {}
    for node in graph.nodes.values():
        cfg = node.config
        for i, sid in enumerate(cfg.get("audience", {}).get("segmentIds", [])):
            wanted.setdefault(sid, []).append((node, ["config", "audience", "segmentIds", str(i)]))
        if cfg.get("segmentId"):
            wanted.setdefault(cfg["segmentId"], []).append((node, ["config", "segmentId"]))
    templates: dict[int, list[tuple[graphs.Node, list[str]]]] = {}
    for node in graph.nodes.values():
        if node.config.get("templateId"):
            templates.setdefault(node.config["templateId"], []).append((node, ["config", "templateId"]))
    errors: list[FieldError] = []
    if wanted:
        found = set(await Segment.filter(owner.owned_q(), id__in=list(wanted), deleted_at=None)
                    .values_list("id", flat=True))
        errors += [FieldError((*base, "nodes", str(node.index), *path), f"Node {node.id}: no segment {sid} that "
                              "this journey's company can use.", "NOT_FOUND")
                   for sid, uses in wanted.items() if sid not in found for node, path in uses]
    if templates:
        from api.templates.models import Template

        found = set(await Template.filter(owner.owned_q(), id__in=list(templates), deleted_at=None)
                    .values_list("id", flat=True))
        errors += [FieldError((*base, "nodes", str(node.index), *path), f"Node {node.id}: no template {tid} that "
                              "this journey's company can use.", "NOT_FOUND")
                   for tid, uses in templates.items() if tid not in found for node, path in uses]
    errors += await _check_event_types(graph, base)
    if errors:
        raise DomainError(errors)


async def _check_event_types(graph: graphs.Graph, base: tuple[str, ...]) -> list[FieldError]:
    """Event types the graph waits for or is triggered by must have been recorded at least once (as
    custom events must be logged before a campaign may use them): a misspelt type would wait forever."""
    from api.orders.models import Event

    uses: dict[str, list[graphs.Node]] = {}
    for node in graph.nodes.values():
        cfg = node.config
        uses_event = (node.kind is graphs.NodeKind.WAIT_EVENT or cfg.get("trigger") == "EVENT"
                      or (node.kind is graphs.NodeKind.GOAL and cfg.get("goal") == "EVENT"))
        if uses_event and isinstance(cfg.get("eventType"), str):
            uses.setdefault(cfg["eventType"], []).append(node)
    if not uses:
        return []
    known = set(await Event.filter(type__in=list(uses)).distinct().values_list("type", flat=True))
    return [FieldError((*base, "nodes", str(node.index), "config", "eventType"),
                       f"Node {node.id}: no event of type {t!r} has been recorded yet; record one (eventRecord) "
                       "or check the spelling.", "NOT_FOUND")
            for t, nodes in uses.items() if t not in known for node in nodes]


def _check_runnable(graph: graphs.Graph, base: tuple[str, ...]) -> None:
    """Every node kind in the graph has an executor in this build (guide tasks come with guide operations)."""
    from api.journeys.engine import EXECUTORS

    errors = [FieldError((*base, "nodes", str(n.index)), f"Node {n.id}: {n.kind.value} nodes cannot run yet in "
                         "this version of Rapport.", "INVALID")
              for n in graph.nodes.values() if n.kind not in EXECUTORS and n.kind is not graphs.NodeKind.EXIT]
    if errors:
        raise DomainError(errors)


async def publish(viewer: Viewer, journey_id: int) -> JourneyVersion:
    """Validate the draft and make it the next immutable version; new entries use it from now on.

    Members already in the journey stay on the version they entered with (``migrate_waiting`` moves
    them explicitly). Publishing a draft or paused journey makes it active.
    """
    journey = await get_journey(viewer, journey_id, write=True)
    if journey.status is JourneyStatus.STOPPED:
        raise invalid(["id"], "A stopped journey cannot be published again: duplicate it instead.")
    base = ("graph",)  # errors point into the draft as `journey.draft` shows it: graph.nodes.<i>.config.<field>
    graph = graphs.validate(journey.draft, base)
    await _check_references(journey, graph, base)
    _check_runnable(graph, base)
    async with in_transaction():
        locked = await Journey.select_for_update().get(id=journey.id)
        number = (locked.current_version or 0) + 1
        version = await JourneyVersion.create(journey_id=journey.id, number=number, graph=graph.as_json(),
                                              published_at=clock.now(), published_by_user_id=viewer.user_id)
        locked.current_version = number
        locked.status = JourneyStatus.ACTIVE
        await locked.save(update_fields=["current_version", "status", "updated_at"])
        await start_cursors()
    return version  # type: ignore[no-any-return]


async def set_status(viewer: Viewer, journey_id: int, status: JourneyStatus) -> Journey:
    """Pause (hold everyone, admit nobody), resume, or stop (every live run exits with a reason)."""
    journey = await get_journey(viewer, journey_id, write=True)
    allowed = {
        JourneyStatus.PAUSED: {JourneyStatus.ACTIVE},
        JourneyStatus.ACTIVE: {JourneyStatus.PAUSED},
        JourneyStatus.STOPPED: {JourneyStatus.ACTIVE, JourneyStatus.PAUSED, JourneyStatus.DRAFT},
    }[status]
    if journey.status not in allowed:
        raise invalid(["id"], f"A {journey.status.value} journey cannot be made {status.value}.")
    async with in_transaction():
        journey.status = status
        await journey.save(update_fields=["status", "updated_at"])
        if status is JourneyStatus.STOPPED:
            await Enrollment.filter(journey_id=journey.id, status=EnrollmentStatus.ACTIVE).update(
                status=EnrollmentStatus.EXITED, ended_at=clock.now(), due_at=None,
                exit_reason="the journey was stopped")
    return journey


RESTING = frozenset({graphs.NodeKind.ENTRY, graphs.NodeKind.WAIT, graphs.NodeKind.WAIT_EVENT, graphs.NodeKind.GOAL})
"""Nodes a member can be waiting at (an entry waits for its delay)."""


async def migrate_waiting(viewer: Viewer, journey_id: int, from_version: int,
                          mapping: list[tuple[str, str]]) -> dict[str, int]:
    """Move members waiting at nodes of an older version to nodes of the current one (``mapping``: pairs
    of old node id, new node id). Each pair needs nodes of the same kind (a wait to a wait, a goal to a
    goal): a moved member keeps its due time and leaves the new node by that node's branches. Members at
    nodes not mapped stay on their version. Returns the members moved per old node, in one transaction.
    """
    journey = await get_journey(viewer, journey_id, write=True)
    if journey.status is JourneyStatus.STOPPED:
        raise invalid(["id"], "A stopped journey has nobody waiting.")
    if journey.current_version is None:
        raise invalid(["id"], "The journey has no published version yet.")
    if from_version == journey.current_version:
        raise invalid(["fromVersion"], f"Version {from_version} is the current version: nothing to move to.")
    old = await JourneyVersion.get_or_none(journey_id=journey.id, number=from_version)
    if old is None or from_version > journey.current_version:
        raise not_found(["fromVersion"], f"The journey has no earlier version {from_version}.")
    new = await JourneyVersion.get(journey_id=journey.id, number=journey.current_version)
    old_graph, new_graph = graphs.validate(old.graph, ()), graphs.validate(new.graph, ())
    if not mapping:
        raise invalid(["mapping"], "Map at least one node.")
    if len(mapping) > graphs.MAX_NODES:
        raise DomainError([FieldError(("mapping",), f"At most {graphs.MAX_NODES} pairs.", "TOO_LONG")])
    errors: list[FieldError] = []
    seen: set[str] = set()
    for i, (src, dst) in enumerate(mapping):
        a, b = old_graph.nodes.get(src), new_graph.nodes.get(dst)
        if src in seen:
            errors.append(FieldError(("mapping", str(i), "fromNode"), f"Node {src} is mapped twice.", "DUPLICATE"))
        seen.add(src)
        if a is None:
            errors.append(FieldError(("mapping", str(i), "fromNode"), f"Version {from_version} has no node {src}.",
                                     "NOT_FOUND"))
        elif a.kind not in RESTING:
            errors.append(FieldError(("mapping", str(i), "fromNode"), f"Node {src} is a {a.kind.value} node: nobody "
                                     "waits there (only at an entry delay, a wait, a wait-for-event or a goal).",
                                     "INVALID"))
        if b is None:
            errors.append(FieldError(("mapping", str(i), "toNode"), f"Version {new.number} has no node {dst}.",
                                     "NOT_FOUND"))
        elif a is not None and a.kind in RESTING and b.kind is not a.kind:
            errors.append(FieldError(("mapping", str(i), "toNode"), f"Node {dst} is a {b.kind.value} node: members "
                                     f"waiting at a {a.kind.value} node move to a {a.kind.value} node.", "INVALID"))
    if errors:
        raise DomainError(errors)
    moved: dict[str, int] = {}
    async with in_transaction():
        for src, dst in mapping:
            moved[src] = await Enrollment.filter(journey_id=journey.id, version_id=old.id, node_id=src,
                                                 status=EnrollmentStatus.ACTIVE).update(version_id=new.id,
                                                                                        node_id=dst)
    return moved


def visible_enrollments(viewer: Viewer) -> Any:
    """Runs of members in the viewer's reach, in journeys the viewer may read."""
    viewer.require(READ)
    viewer.require("members:read")
    scope = Scope.of(viewer)
    return Enrollment.filter(scope.members_q("member__"), journey_id__in=Subquery(
        Journey.filter(scope.owned_q()).values("id")))


async def node_counts(journey_ids: list[int]) -> dict[int, dict[str, tuple[int, int]]]:
    """Per journey, per node: (members resting there now, members who ever passed it), in two statements."""
    from tortoise.functions import Count, Sum

    from api.journeys.models import JourneyNodeDay

    out: dict[int, dict[str, tuple[int, int]]] = {j: {} for j in journey_ids}
    waiting = await Enrollment.filter(journey_id__in=journey_ids, status=EnrollmentStatus.ACTIVE).annotate(
        n=Count("id")).group_by("journey_id", "node_id").values_list("journey_id", "node_id", "n")
    passed = await JourneyNodeDay.filter(journey_id__in=journey_ids).annotate(n=Sum("passed")).group_by(
        "journey_id", "node_id").values_list("journey_id", "node_id", "n")
    for journey_id, node_id, n in waiting:
        out[journey_id][node_id] = (int(n), 0)
    for journey_id, node_id, n in passed:
        out[journey_id][node_id] = (out[journey_id].get(node_id, (0, 0))[0], int(n or 0))
    return out


async def message_outcomes(journey_ids: list[int]) -> dict[int, dict[str, dict[str, int]]]:
    """Per journey, per message node: how many of its sends ended with each outcome (one ``GROUP BY``)."""
    from tortoise.functions import Count

    from api.channels.models import MessageSend

    out: dict[int, dict[str, dict[str, int]]] = {j: {} for j in journey_ids}
    rows = await MessageSend.filter(sender_type="journey", sender_id__in=journey_ids).annotate(n=Count("id")).group_by(
        "sender_id", "step", "status").values_list("sender_id", "step", "status", "n")
    for journey_id, step, status, n in rows:
        out[journey_id].setdefault(step, {})[str(getattr(status, "value", status))] = int(n)
    return out


async def node_days(journey_id: int, days: int) -> list[tuple[str, Any, int]]:
    """The per-day series of members passing each node over the last ``days`` days (store time zone)."""
    from datetime import timedelta

    from api.core import clock
    from api.journeys.models import JourneyNodeDay

    since = clock.today() - timedelta(days=days - 1)
    rows = await JourneyNodeDay.filter(journey_id=journey_id, day__gte=since).order_by("day", "node_id")
    return [(r.node_id, r.day, r.passed) for r in rows]


async def conversions(journey_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per journey, per goal node: members converted there (one ``GROUP BY``)."""
    from tortoise.functions import Count

    from api.journeys.models import JourneyConversion

    out: dict[int, dict[str, int]] = {j: {} for j in journey_ids}
    rows = await JourneyConversion.filter(journey_id__in=journey_ids).annotate(n=Count("id")).group_by(
        "journey_id", "node_id").values_list("journey_id", "node_id", "n")
    for journey_id, node_id, n in rows:
        out[journey_id][node_id] = int(n)
    return out


async def conversion_days(journey_id: int, days: int) -> list[tuple[str, Any, int]]:
    """Conversions per goal node per day (store time zone) over the last ``days`` days."""
    from datetime import timedelta

    from tortoise.functions import Count

    from api.core import clock
    from api.journeys.models import JourneyConversion

    since = clock.today() - timedelta(days=days - 1)
    rows = await JourneyConversion.filter(journey_id=journey_id, day__gte=since).annotate(n=Count("id")).group_by(
        "node_id", "day").order_by("day", "node_id").values_list("node_id", "day", "n")
    return [(node_id, day, int(n)) for node_id, day, n in rows]
