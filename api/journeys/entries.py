"""How members enter journeys: scheduled runs (set-based) and behaviour triggers (matched in batches).

* **Scheduled** (one-shot at a time, recurring by day / weekday / day of month / last day of month, and
  the daily scan of date triggers: card expiry, birthday): a ``JourneyRun`` row per occurrence (unique,
  so two workers never run it twice) refreshes the audience's segments, then enters the audience with
  one ``INSERT … SELECT`` per chunk of member ids, each chunk committing with the run's progress
  (``last_member_id``), so a killed run resumes where it stopped and enters nobody twice.
* **Triggered** (orders of goods / services / cards, a completed service, a card use, a recorded event,
  entering a segment): ``match_triggers`` reads each fact table after its cursor in batches, matches
  the facts to active journeys, checks the audience on each member at trigger time with the Python
  evaluator, and inserts the enrollments and the new cursor in one transaction.

Every enrollment carries an ``entry_key`` (the run, or the fact) that is unique per journey and
member, and the partial unique index ``uid_enrollment_live`` allows one live run per member per
journey: inserts skip conflicts, so a retried batch or chunk changes nothing. Re-entry rules (once
ever, once per N days, every time) are part of the same statements.
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from tortoise import connections
from tortoise.transactions import in_transaction

from api.core import clock
from api.core.db import dialect, rows_added
from api.core.scope import Scope
from api.journeys.graph import Graph, validate
from api.journeys.models import Journey, JourneyRun, JourneyStatus, JourneyVersion, RunStatus, TriggerCursor
from api.segments.compiler import Sql

log = logging.getLogger(__name__)

CHUNK = 50_000
FIRST_CHUNK = 1_000
"""A run's chunks of member ids until it has entered someone: small, so the statistics of a table that was
empty (refreshed by ``rows_added`` right after) plan the following chunks' per-member lookups of earlier
runs on the index."""
MATCH_BATCH = 1_000


async def _enter(sql: Sql) -> int:
    """Run an enrollment ``INSERT … RETURNING``; how many rows it inserted (on PostgreSQL counted in the
    statement, so a chunk of 50,000 does not ship its ids to the worker; Tortoise's ``execute_query``
    count there is the OID field of the status)."""
    text, params = sql.render(dialect())
    conn = connections.get("default")
    if dialect() == "postgres":
        rows = await conn.execute_query_dict(f"WITH entered AS ({text}) SELECT COUNT(*) AS n FROM entered", params)
        return int(rows[0]["n"])
    return len(await conn.execute_query_dict(text, params))


async def _live(journey_id: int) -> tuple[Journey, JourneyVersion, Graph] | None:
    journey = await Journey.get_or_none(id=journey_id, status=JourneyStatus.ACTIVE)
    if journey is None or journey.current_version is None:
        return None
    version = await JourneyVersion.get(journey_id=journey_id, number=journey.current_version)
    return journey, version, validate(version.graph, ())


def _reentry_sql(entry: dict[str, Any], journey_id: int, now: datetime | None, member: str = "m.id") -> Sql:
    """Members the re-entry rule still lets in (the live-run index covers "every time"), entering at
    ``now`` — or, with None, each at its own ``f.entered_at`` (PostgreSQL, the batch of ``_insert_facts_sql``)."""
    if entry.get("reentry", "ONCE") == "ONCE":
        return Sql(f"NOT EXISTS (SELECT 1 FROM enrollment x WHERE x.journey_id = ? AND x.member_id = {member})",
                   [journey_id])
    if entry["reentry"] == "EVERY_N_DAYS":
        recent = f"NOT EXISTS (SELECT 1 FROM enrollment x WHERE x.journey_id = ? AND x.member_id = {member} AND "
        if now is None:
            return Sql(recent + "x.entered_at > f.entered_at - make_interval(days => ?))",
                       [journey_id, int(entry["reentryDays"])])
        return Sql(recent + "x.entered_at > ?)", [journey_id, now - timedelta(days=entry["reentryDays"])])
    return Sql("1=1")


async def _audience_sql(journey: Journey, audience: dict[str, Any]) -> Sql:
    """A predicate over ``member m``: the owner's members, in any of the segments, matching the rule."""
    from api.segments.services import compile_rule

    owner = Scope.of_company(journey.company_id)
    text, params = owner.members_sql("m")
    parts = [Sql(text, params)]
    if audience.get("segmentIds"):
        ids = audience["segmentIds"]
        parts.append(Sql(f"m.id IN (SELECT member_id FROM segment_membership WHERE segment_id IN "
                         f"({', '.join('?' for _ in ids)}) AND exited_at IS NULL)", list(ids)))
    if audience.get("rule"):
        parts.append((await compile_rule(audience["rule"], company_id=journey.company_id)).wrapped())
    return Sql(" AND ".join(f"({p.text})" for p in parts), [x for p in parts for x in p.params])


def _occurrence_sql(entry: dict[str, Any], journey_id: int) -> Sql:
    """The member's next occurrence number: 1 when the re-entry rule is "once" (its ``NOT EXISTS`` lets in
    only members with no run yet), else one more than their last. The "once" case avoids a correlated
    subquery on the table being inserted into: planned from the statistics of a nearly empty table (a
    first run), it is a sequential scan per row over the rows the same statement inserted — quadratic."""
    if entry.get("reentry", "ONCE") == "ONCE":
        return Sql("1")
    return Sql("COALESCE((SELECT MAX(o.occurrence) FROM enrollment o WHERE o.journey_id = ? "
               "AND o.member_id = m.id), 0) + 1", [journey_id])


def _enroll_sql(journey: Journey, version: JourneyVersion, graph: Graph, values: Sql, rest: Sql) -> Sql:
    """``INSERT … SELECT`` of active enrollments, one per row of ``rest`` (the ``FROM`` on, over ``member
    m``); ``values`` gives each row's entry key, node, due time and entry time, in that order."""
    occurrence = _occurrence_sql(graph.entry.config, journey.id)
    return Sql(
        "INSERT INTO enrollment (journey_id, version_id, member_id, occurrence, entry_key, node_id, due_at, "
        f"entered_at, status, exit_reason, steps) SELECT ?, ?, m.id, {occurrence.text}, {values.text}, "
        f"'active', '', 0 {rest.text} ON CONFLICT DO NOTHING RETURNING id",
        [journey.id, version.id, *occurrence.params, *values.params, *rest.params],
    )


def _insert_sql(journey: Journey, version: JourneyVersion, graph: Graph, entry_key: str, due_at: datetime,
                now: datetime, where: Sql) -> Sql:
    """Enter the members ``where`` selects, all with the same key and times."""
    reentry = _reentry_sql(graph.entry.config, journey.id, now)
    return _enroll_sql(journey, version, graph, Sql("?, ?, ?, ?", [entry_key, graph.entry.id, due_at, now]), Sql(
        f"FROM member m WHERE ({where.text}) AND ({reentry.text})", [*where.params, *reentry.params]))


def _insert_facts_sql(journey: Journey, version: JourneyVersion, graph: Graph,
                      rows: list[tuple[int, str, datetime, datetime]]) -> Sql:
    """PostgreSQL: enter many triggered members in one statement — ``rows`` of (member id, entry key, due
    at, entered at), in fact order; the re-entry rule is applied to each from its own entry time, and a
    member with two facts in the batch is entered once (the live-run index keeps the first)."""
    reentry = _reentry_sql(graph.entry.config, journey.id, None)
    return _enroll_sql(journey, version, graph, Sql("f.entry_key, ?, f.due_at, f.entered_at", [graph.entry.id]), Sql(
        "FROM unnest(?::int[], ?::text[], ?::timestamptz[], ?::timestamptz[]) WITH ORDINALITY "
        "AS f(member_id, entry_key, due_at, entered_at, n) JOIN member m ON m.id = f.member_id "
        f"WHERE {reentry.text} ORDER BY f.n",
        [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows], *reentry.params]))


# -- scheduled entries --------------------------------------------------------------------------------

def scheduled_key(entry: dict[str, Any], now: datetime) -> str | None:
    """The occurrence due now for a one-shot or recurring entry (None: nothing due now)."""
    local = now.astimezone(clock.local_now().tzinfo)
    if entry["mode"] == "ONE_SHOT":
        return "once" if clock.to_utc(datetime.fromisoformat(entry["at"])) <= now else None
    if entry["mode"] != "RECURRING":
        return None
    hh, mm = (int(x) for x in entry["time"].split(":"))
    if (local.hour, local.minute) < (hh, mm):
        return None
    today = local.date()
    every = entry["every"]
    last = calendar.monthrange(today.year, today.month)[1]
    due = (
        every == "DAILY"
        or (every == "WEEKLY" and today.isoweekday() == entry["weekday"])
        # day 31 in a 30-day month runs on its last day: operators mean "the end of the month"
        or (every == "MONTHLY" and today.day == min(entry["day"], last))
        or (every == "MONTH_LAST_DAY" and today.day == last)
    )
    return today.isoformat() if due else None


def date_scan_key(entry: dict[str, Any], now: datetime) -> str | None:
    """Today's scan of a date trigger (card expiry, birthday): due from the entry's store ``time`` if it
    has one, else from store midnight (quiet hours then hold the messages until morning)."""
    local = now.astimezone(clock.local_now().tzinfo)
    if entry.get("time"):
        hh, mm = (int(x) for x in entry["time"].split(":"))
        if (local.hour, local.minute) < (hh, mm):
            return None
    return local.date().isoformat()


async def run_schedules() -> int:
    """Start (or resume) every scheduled run that is due; returns the members entered."""
    now = clock.now()
    entered = 0
    for journey in await Journey.filter(status=JourneyStatus.ACTIVE, current_version__not_isnull=True):
        live = await _live(journey.id)
        if live is None:
            continue
        entry = live[2].entry.config
        if entry["mode"] == "TRIGGERED" and entry.get("trigger") in ("CARD_EXPIRES", "BIRTHDAY"):
            for day_key in await _date_scans_due(journey.id, entry, now):
                entered += await run_entry(journey.id, day_key)
            continue
        key = scheduled_key(entry, now) if entry["mode"] in ("ONE_SHOT", "RECURRING") else None
        if key is not None:
            entered += await run_entry(journey.id, key)
    return entered


DATE_SCAN_CATCH_UP = 7
"""Days a date trigger's scans are caught up when no worker ran (a reminder late rather than never)."""


async def _date_scans_due(journey_id: int, entry: dict[str, Any], now: datetime) -> list[str]:
    """Today's scan when due, and the scans of the last days that never finished (no worker ran then),
    since the journey was first published, whose target day (card expiry, birthday) is not yet past."""
    today_key = date_scan_key(entry, now)
    today = clock.today()
    first = await JourneyVersion.filter(journey_id=journey_id).order_by("number").first()
    launched = first.published_at.astimezone(clock.local_now().tzinfo).date() if first else today
    done = set(await JourneyRun.filter(journey_id=journey_id, status=RunStatus.DONE,
                                       key__gte=(today - timedelta(days=DATE_SCAN_CATCH_UP)).isoformat())
               .values_list("key", flat=True))
    keys = []
    for back in range(DATE_SCAN_CATCH_UP, 0, -1):
        day = today - timedelta(days=back)
        if day >= launched and day.isoformat() not in done and _target_day(entry, day.isoformat()) >= today:
            keys.append(day.isoformat())
    if today_key is not None and today_key not in done:
        keys.append(today_key)
    return keys


async def run_entry(journey_id: int, key: str) -> int:
    """Enter a scheduled run's audience chunk by chunk (resuming a run a killed worker left)."""
    from api.members.models import Member
    from api.segments.models import RefreshTrigger
    from api.segments.services import refresh_segment

    live = await _live(journey_id)
    if live is None:
        return 0
    journey, version, graph = live
    run, created = await JourneyRun.get_or_create(journey_id=journey_id, key=key,
                                                  defaults={"started_at": clock.now()})
    if run.status is RunStatus.DONE:
        return 0
    entry = graph.entry.config
    if created or run.last_member_id == 0:
        # segments are refreshed just before a run, so members who qualify since the last refresh are in
        for seg_id in entry["audience"].get("segmentIds", []):
            await refresh_segment(seg_id, RefreshTrigger.PLAN)
    where = await _date_trigger_sql(entry, key) if entry["mode"] == "TRIGGERED" else await _audience_sql(
        journey, entry["audience"])
    if entry["mode"] == "TRIGGERED":
        where = Sql(f"({where.text}) AND ({(a := await _audience_sql(journey, entry['audience'])).text})",
                    [*where.params, *a.params])
    top = await Member.all().order_by("-id").first()
    high = top.id if top else 0
    total = 0
    entry_key = f"run:{key}"
    while True:
        async with in_transaction():
            # one worker enters a run's chunk at a time: a second worker's tick finds the run's row locked
            # and leaves the run to the first (on SQLite the write lock serialises the chunks)
            locked = await JourneyRun.select_for_update(skip_locked=True).get_or_none(id=run.id)
            if locked is None or locked.status is RunStatus.DONE:
                return total
            if locked.last_member_id >= high:
                locked.status, locked.finished_at = RunStatus.DONE, clock.now()
                await locked.save(update_fields=["status", "finished_at"])
                return total
            low, first = locked.last_member_id, locked.entered == 0
            upto = low + (min(FIRST_CHUNK, CHUNK) if first else CHUNK)
            now = clock.now()
            chunk = Sql(f"({where.text}) AND m.id > ? AND m.id <= ?", [*where.params, low, upto])
            count = await _enter(_insert_sql(journey, version, graph, entry_key, now, now, chunk))
            locked.last_member_id = upto
            locked.entered += count
            total += count
            await locked.save(update_fields=["last_member_id", "entered"])
        # fresh statistics for the pumps' claim query, and once the run has entered its first members for
        # the next chunks' plans
        await rows_added("enrollment", count, now=first)


def card_expiry_day(entry: dict[str, Any], entry_key: str) -> date | None:
    """The store date on which the cards that let a card-expiry run's members in expire (None for any other
    entry): the run's day (``run:<date>``) plus ``daysBefore``. The reminder's card parameters name that card."""
    if entry.get("trigger") != "CARD_EXPIRES" or not entry_key.startswith("run:"):
        return None
    return _target_day(entry, entry_key.removeprefix("run:"))


def _target_day(entry: dict[str, Any], key: str) -> date:
    return date.fromisoformat(key) + timedelta(days=entry.get("daysBefore", 0))


async def _date_trigger_sql(entry: dict[str, Any], key: str) -> Sql:
    """Members whose card expires, or whose birthday falls, ``daysBefore`` days after the run's day.

    Only a card with something left on it (uses, or stored value) is worth a reminder: a used-up card
    has nothing to lose, and the message's card parameters would render empty (they name active cards)."""
    target = _target_day(entry, key)
    if entry["trigger"] == "BIRTHDAY":
        return Sql("m.birthday_md = ?", [target.month * 100 + target.day])
    start = clock.local_midnight(target)
    return Sql("m.id IN (SELECT c.member_id FROM member_card c WHERE c.expires_at >= ? AND c.expires_at < ? "
               "AND (c.remaining_uses > 0 OR (c.remaining_uses IS NULL AND c.balance_cents > 0)))",
               [start, start + timedelta(days=1)])


# -- behaviour triggers -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Fact:
    """Something a member did that may let them into a journey."""

    key: str
    member_id: int
    at: datetime
    triggers: frozenset[str]
    event_type: str | None = None
    segment_id: int | None = None


def _upto(qs: Any, upto: int | None) -> Any:
    return qs if upto is None else qs.filter(id__lte=upto)


HORIZON_WAIT = 1.0
"""Seconds the matcher waits, in its round, for other writers to end before it leaves the newest facts
to the next round."""


WRITERS_SQL = (
    "SELECT COALESCE(array_agg(DISTINCT virtualtransaction::text), '{}') AS vx FROM pg_locks "
    "WHERE locktype = 'relation' AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
    "AND relation = $1::regclass AND mode = 'RowExclusiveLock' AND granted AND pid IS DISTINCT FROM pg_backend_pid()")


async def _writers(table: str) -> list[str]:
    """The other transactions writing to ``table`` now, by virtual transaction id: a transaction holds
    the table's ROW EXCLUSIVE lock from its first insert (before it draws an id) until it ends."""
    rows = await connections.get("default").execute_query_dict(WRITERS_SQL, [table])
    return list(rows[0]["vx"] or [])


async def _ended(writers: list[str]) -> bool:
    """Whether every one of these transactions has ended (committed or aborted)."""
    if not writers:
        return True
    rows = await connections.get("default").execute_query_dict(
        "SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'virtualxid' AND virtualxid = ANY($1::text[])",
        [writers])
    return int(rows[0]["n"]) == 0


async def readable_upto(cursor: TriggerCursor, source: str) -> int | None:
    """PostgreSQL: the highest id of the source the matcher may read past now without ever skipping a fact.

    Ids come from a sequence in the order rows were inserted, not the order they commit: while another
    transaction is still writing, it may hold an id below rows already visible, and a cursor moved past
    those rows would never see it. So the newest visible id is read first, then the transactions still
    writing to that table (each took the table's lock before drawing its id): with none, everything up
    to the newest id is final; else the matcher waits (briefly) until they have ended, or notes the id
    with them and reads up to it in a later round once they have. Only writers of the source table
    count: a long transaction elsewhere on the server delays nothing. None: no bound (SQLite has one
    writer)."""
    if dialect() != "postgres":
        return None
    import asyncio
    import json

    table = SOURCE_TABLES[source]
    rows = await connections.get("default").execute_query_dict(f"SELECT COALESCE(MAX(id), 0) AS high FROM {table}")
    high = int(rows[0]["high"])
    writers = await _writers(table)  # after the read: whoever could hold an id at or below it
    safe = cursor.last_id
    if cursor.pending_high is not None:
        try:
            noted = json.loads(cursor.pending_writers or "[]")
        except ValueError:
            noted = None
        if not isinstance(noted, list):  # a note in the form before 0015 (a snapshot): dropped, derived anew
            cursor.pending_high, cursor.pending_writers = None, None
        elif await _ended([str(x) for x in noted]):
            safe = max(safe, cursor.pending_high)
            cursor.pending_high, cursor.pending_writers = None, None
    loop = asyncio.get_running_loop()
    deadline = loop.time() + HORIZON_WAIT
    while not await _ended(writers):
        if loop.time() >= deadline:
            if cursor.pending_high is None and high > safe:
                cursor.pending_high, cursor.pending_writers = high, json.dumps(writers)
            return safe
        await asyncio.sleep(0.02)
    cursor.pending_high, cursor.pending_writers = None, None
    return max(high, safe)


async def _order_facts(after: int, upto: int | None) -> tuple[list[Fact], int, int]:
    from api.orders.models import Order, OrderLine

    orders = await _upto(Order.filter(id__gt=after), upto).order_by("id").limit(MATCH_BATCH)
    kinds: dict[int, set[str]] = {}
    for order_id, kind in await OrderLine.filter(order_id__in=[o.id for o in orders]).values_list("order_id", "kind"):
        kinds.setdefault(order_id, set()).add({"goods": "ORDER_GOODS", "service": "ORDER_SERVICES",
                                               "card": "ORDER_CARDS"}[str(kind)])
    facts = [Fact(f"order:{o.id}", o.member_id, o.ordered_at, frozenset(kinds.get(o.id, set()))) for o in orders]
    return facts, orders[-1].id if orders else after, len(orders)


async def _service_facts(after: int, upto: int | None) -> tuple[list[Fact], int, int]:
    from api.orders.models import ServiceCompletion

    rows = await _upto(ServiceCompletion.filter(id__gt=after), upto).order_by("id").limit(MATCH_BATCH)
    return ([Fact(f"service:{r.id}", r.member_id, r.completed_at, frozenset({"SERVICE_COMPLETED"})) for r in rows],
            rows[-1].id if rows else after, len(rows))


async def _card_use_facts(after: int, upto: int | None) -> tuple[list[Fact], int, int]:
    from api.orders.models import CardUse

    rows = await _upto(CardUse.filter(id__gt=after), upto).order_by("id").limit(MATCH_BATCH)
    return ([Fact(f"card_use:{r.id}", r.member_id, r.used_at, frozenset({"CARD_USED"})) for r in rows],
            rows[-1].id if rows else after, len(rows))


async def _event_facts(after: int, upto: int | None) -> tuple[list[Fact], int, int]:
    from api.orders.models import Event

    rows = await _upto(Event.filter(id__gt=after), upto).order_by("id").limit(MATCH_BATCH)
    return ([Fact(f"event:{r.id}", r.member_id, r.occurred_at, frozenset({"EVENT"}), event_type=r.type)
             for r in rows if r.member_id is not None], rows[-1].id if rows else after, len(rows))


async def _segment_facts(after: int, upto: int | None) -> tuple[list[Fact], int, int]:
    from api.segments.models import SegmentMembership

    rows = await _upto(SegmentMembership.filter(id__gt=after), upto).order_by("id").limit(MATCH_BATCH)
    return ([Fact(f"segment:{r.id}", r.member_id, r.entered_at, frozenset({"SEGMENT_ENTERED"}),
                  segment_id=r.segment_id) for r in rows], rows[-1].id if rows else after, len(rows))


SOURCES = {
    "order": _order_facts,
    "service_completion": _service_facts,
    "card_use": _card_use_facts,
    "event": _event_facts,
    "segment_membership": _segment_facts,
}


SOURCE_TABLES = {"order": '"order"', "service_completion": "service_completion", "card_use": "card_use",
                 "event": "event", "segment_membership": "segment_membership"}


async def start_cursors() -> None:
    """Start the matcher's cursor of every fact table not read yet at its newest row (a journey's first
    publish calls this): facts from before a journey was published trigger nothing and wake nobody, so a
    database with years of history is not read through from id 0 on the first round."""
    conn = connections.get("default")
    for source, table in SOURCE_TABLES.items():
        await conn.execute_query(
            f"INSERT INTO journey_trigger_cursor (source, last_id) SELECT '{source}', COALESCE(MAX(id), 0) "
            f"FROM {table} WHERE 1 = 1 ON CONFLICT (source) DO NOTHING")  # WHERE: SQLite parses the upsert only then


def _matches(entry: dict[str, Any], fact: Fact) -> bool:
    trigger = entry.get("trigger")
    if trigger not in fact.triggers:
        return False
    if trigger == "EVENT":
        return bool(entry.get("eventType") == fact.event_type)
    if trigger == "SEGMENT_ENTERED":
        return bool(entry.get("segmentId") == fact.segment_id)
    return True


async def _in_audience(journey: Journey, audience: dict[str, Any], member_id: int) -> bool:
    from api.members.models import Member
    from api.segments.services import member_in_segment, member_matches

    owner = Scope.of_company(journey.company_id)
    if not owner.is_unrestricted and not await Member.filter(owner.members_q(), id=member_id).exists():
        return False
    for seg_id in audience.get("segmentIds", []):
        if await member_in_segment(member_id, seg_id):
            break
    else:
        if audience.get("segmentIds"):
            return False
    return not audience.get("rule") or await member_matches(member_id, audience["rule"], journey.company_id)


async def _enter_matched(journey: Journey, version: JourneyVersion, graph: Graph,
                         matched: list[tuple[int, str, datetime, datetime]]) -> int:
    """Enter the members a batch of facts matched (in fact order); returns how many got in."""
    if not matched:
        return 0
    if dialect() == "postgres":
        count = await _enter(_insert_facts_sql(journey, version, graph, matched))
        return count
    entered = 0
    for member_id, key, due, entered_at in matched:  # SQLite: one statement each (no arrays to unnest)
        count = await _enter(_insert_sql(journey, version, graph, key, due, entered_at,
                                         Sql("m.id = ?", [member_id])))
        entered += count
    return entered


async def match_triggers() -> int:
    """Match new facts of every source to triggered journeys, and wake the members waiting for them at a
    wait-for-event or a goal (``api.journeys.waits``), in the transaction that moves the source's cursor;
    returns the members entered."""
    from api.journeys.waits import Waker

    waker = await Waker.load()
    journeys: list[tuple[Journey, JourneyVersion, Graph]] = []
    launched: dict[int, datetime] = {}
    for j in await Journey.filter(status=JourneyStatus.ACTIVE, current_version__not_isnull=True):
        live = await _live(j.id)
        if live is not None and live[2].entry.config.get("mode") == "TRIGGERED":
            journeys.append(live)
            first = await JourneyVersion.filter(journey_id=j.id).order_by("number").first()
            assert first is not None
            launched[j.id] = first.published_at
    entered = 0
    for source, read in SOURCES.items():
        upto: int | None = None
        horizon_read = False
        while True:
            async with in_transaction():
                cursor, _ = await TriggerCursor.get_or_create(source=source)
                if dialect() == "postgres":  # one matcher per source at a time; others wait, then see the new cursor
                    cursor = await TriggerCursor.select_for_update().get(source=source)
                if not horizon_read:  # the round's horizon, once per source: its batches read up to it
                    upto, horizon_read = await readable_upto(cursor, source), True
                facts, last, read_rows = await read(cursor.last_id, upto)
                if last == cursor.last_id:
                    if dialect() == "postgres":
                        await TriggerCursor.filter(source=source).update(pending_high=cursor.pending_high,
                                                                         pending_writers=cursor.pending_writers)
                    break
                for journey, version, graph in journeys:
                    entry = graph.entry.config
                    matched: list[tuple[int, str, datetime, datetime]] = []
                    for fact in facts:
                        if fact.at < launched[journey.id]:
                            continue  # history from before the journey was first published triggers nothing
                        if _matches(entry, fact) and await _in_audience(journey, entry["audience"], fact.member_id):
                            due = fact.at + timedelta(days=entry.get("delayDays", 0))
                            # the member entered when the fact happened (never in the future), not when a
                            # matcher read it: a goal's window and the re-entry rule run from the fact, so a
                            # POS uploading the day's orders at night loses no conversion
                            matched.append((fact.member_id, fact.key, due, min(fact.at, clock.now())))
                    count = await _enter_matched(journey, version, graph, matched)
                    entered += count
                    await rows_added("enrollment", count)
                await waker.wake(facts)
                # only advance a cursor that is still where this batch read it (a concurrent matcher lost)
                moved = await TriggerCursor.filter(source=source, last_id=cursor.last_id).update(
                    last_id=last, pending_high=cursor.pending_high, pending_writers=cursor.pending_writers)
                if not moved:
                    raise RuntimeError(f"another matcher advanced the {source} cursor")
            if read_rows < MATCH_BATCH:
                break
    return entered
