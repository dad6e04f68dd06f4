"""Journey nodes that act on the world: send a message (through the send gate, the only way anything is
sent) and give a member's guide a task. They run in the claim transaction, so the outbox row commits
with the member's step.

The send's key is (journey, node, enrollment and step): a step that runs again after a crash decides the
same candidate, and the gate returns the row it already wrote instead of sending twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from api.journeys.graph import NEXT, Node, NodeKind

if TYPE_CHECKING:
    from api.journeys.engine import Claim
    from api.journeys.models import Enrollment


async def send_message(e: Enrollment, node: Node, claim: Claim) -> str:
    """Hand this member's send at this node to the claim; the send gate decides the claim's sends together
    when its members have run (see ``engine.advance_batch``). Whatever the outcome (sent, capped, held out
    …) the member moves on: the outcome is recorded on the send and counted per node."""
    from api.channels.models import SendKind
    from api.fatigue.gate import Candidate, CappedPolicy, QuietPolicy, Sender

    # what a node's sends share, worked out once per claim (a run's members come through by the thousand):
    # the sender by node, the card focus by what let the member in
    shared = claim.memo.get(("send", e.version_id, node.id))
    if shared is None:
        cfg = node.config
        sender = Sender(type="journey", id=e.journey_id, priority=cfg.get("priority", 0),
                        capped=CappedPolicy(cfg.get("capped", "SKIP")), quiet=QuietPolicy(cfg.get("quiet", "DEFER")))
        shared = claim.memo[("send", e.version_id, node.id)] = (sender, tuple(cfg["channels"]), cfg["templateId"])
    sender, channels, template_id = shared
    focus_key = ("focus", e.version_id, e.entry_key)
    if focus_key not in claim.memo:
        claim.memo[focus_key] = card_focus(claim.graphs[e.version_id].entry.config, e.entry_key)
    focus = claim.memo[focus_key]
    claim.sends.append(Candidate(member_id=e.member_id, sender=sender, step=node.id, occurrence=f"{e.id}.{e.steps}",
                                 channels=channels, kind=SendKind.MARKETING, template_id=template_id,
                                 card_focus=focus))
    return NEXT


def card_focus(entry: dict[str, Any], entry_key: str) -> dict[str, Any] | None:
    """Which of the member's cards a message's card parameters name: the card whose expiry let the member
    in (a card expiry reminder), or a punch card as the entry's audience asks for one (a card-use
    reminder); None: the member's soonest-expiring active card."""
    from api.journeys.entries import card_expiry_day

    day = card_expiry_day(entry, entry_key)
    if day is not None:
        return {"expiresOn": day.isoformat()}
    punch = _punch_condition(entry.get("audience", {}).get("rule"))
    return {"punchRemaining": punch} if punch is not None else None


def _punch_condition(rule: Any) -> dict[str, Any] | None:
    """The rule's punch-card condition, if every member it admits must meet it (top level or under ``all``)."""
    if not isinstance(rule, dict):
        return None
    if isinstance(rule.get("punchRemaining"), dict):
        return dict(rule["punchRemaining"])
    for child in rule.get("all") or []:
        if (found := _punch_condition(child)) is not None:
            return found
    return None


async def guide_task(e: Enrollment, node: Node, claim: Claim) -> str:
    """A task for the member's guide (keyed like a send: a step run again finds its task)."""
    from api.guides.tasks import create_task

    cfg = node.config
    await create_task(key=f"journey:{e.journey_id}:{node.id}:{e.id}.{e.steps}", member_id=e.member_id,
                      source_type="journey", source_id=e.journey_id, node_id=node.id,
                      instructions=cfg["instructions"], template_id=cfg.get("templateId"),
                      due_days=cfg.get("dueDays", 3), now=claim.now)
    return NEXT


def register() -> None:
    from api.journeys.engine import EXECUTORS

    EXECUTORS[NodeKind.MESSAGE] = send_message
    EXECUTORS[NodeKind.GUIDE_TASK] = guide_task
