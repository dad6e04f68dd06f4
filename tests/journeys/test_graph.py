"""Publishing checks on a journey's graph: every error names its node and field."""

from __future__ import annotations

from typing import Any

import pytest

from api.core.errors import DomainError
from api.journeys.graph import NodeKind, validate


def node(id: str, kind: str, **config: Any) -> dict[str, Any]:
    return {"id": id, "kind": kind, "config": config}


def edge(a: str, b: str, branch: str = "next") -> dict[str, Any]:
    return {"from": a, "to": b, "branch": branch}


ENTRY = node("entry", "ENTRY", mode="TRIGGERED", trigger="ORDER_SERVICES", delayDays=0)
MESSAGE = node("msg", "MESSAGE", templateId=7, channels=["WECHAT", "SMS"])


def errors_of(graph: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(DomainError) as e:
        validate(graph)
    return [(".".join(fe.field), fe.message) for fe in e.value.errors]


def test_a_valid_canvas_is_normalised() -> None:
    # given a canvas: entry -> wait 14 days -> condition -> (yes) message, (no) exit
    graph = {
        "nodes": [
            ENTRY,
            node("wait", "WAIT", duration={"days": 14}),
            node("cond", "CONDITION", rule={"gender": {"in": ["FEMALE"]}}),
            MESSAGE,
            node("out", "EXIT"),
        ],
        "edges": [edge("entry", "wait"), edge("wait", "cond"), edge("cond", "msg", "yes"), edge("cond", "out", "no")],
    }
    # when validated
    g = validate(graph)
    # then waits are in minutes, defaults are filled in, and the branches lead where they were drawn
    assert g.nodes["wait"].config == {"duration": {"minutes": 14 * 1440}}
    assert g.nodes["msg"].config == {"templateId": 7, "channels": ["WECHAT", "SMS"], "priority": 0,
                                     "capped": "SKIP", "quiet": "DEFER"}
    assert g.entry.id == "entry" and g.nodes["entry"].kind is NodeKind.ENTRY
    assert (g.next("cond", "yes"), g.next("cond", "no"), g.next("msg")) == ("msg", "out", None)
    assert validate(g.as_json()).as_json() == g.as_json()


def test_zero_and_negative_waits_name_the_node_and_field() -> None:
    graph = {"nodes": [ENTRY, node("w0", "WAIT", duration={"days": 0}), node("w1", "WAIT", duration={"hours": -2})],
             "edges": [edge("entry", "w0"), edge("w0", "w1")]}
    errs = errors_of(graph)
    assert ("input.graph.nodes.1.config.duration", "Node w0: A wait must last longer than zero.") in errs
    assert any(f == "input.graph.nodes.2.config.duration.hours" and m.startswith("Node w1:") for f, m in errs)


def test_split_shares_must_add_up_to_100_and_every_branch_must_lead_somewhere() -> None:
    graph = {
        "nodes": [ENTRY, node("ab", "RANDOM_SPLIT", shares=[{"key": "a", "percent": 50}, {"key": "b", "percent": 40}]),
                  MESSAGE],
        "edges": [edge("entry", "ab"), edge("ab", "msg", "a")],
    }
    assert ("input.graph.nodes.1.config.shares", "Node ab: Shares must add up to 100 (they add up to 90).") \
        in errors_of(graph)
    graph["nodes"][1]["config"]["shares"][1]["percent"] = 50
    assert errors_of(graph) == [("input.graph.nodes.1", "Node ab: branch 'b' leads nowhere.")]


def test_a_message_node_needs_a_template_and_known_channels() -> None:
    graph = {"nodes": [ENTRY, node("msg", "MESSAGE", channels=["FAX"])], "edges": [edge("entry", "msg")]}
    errs = dict(errors_of(graph))
    assert errs["input.graph.nodes.1.config.templateId"] == "Node msg: A message node needs a template."
    assert errs["input.graph.nodes.1.config.channels"].startswith("Node msg: channels is a non-empty list")


def test_one_entry_reachable_nodes_and_known_branches() -> None:
    graph = {
        "nodes": [ENTRY, node("e2", "ENTRY", mode="ONE_SHOT", at="2026-12-01T09:00:00"), MESSAGE,
                  node("lost", "EXIT")],
        "edges": [edge("entry", "msg"), edge("e2", "msg"), edge("msg", "lost", "yes")],
    }
    errs = errors_of(graph)
    assert ("input.graph.edges.2.branch", "Node msg has no branch 'yes' (its branches: next).") in errs
    graph["edges"].pop()
    graph["nodes"].pop(1)
    graph["edges"].pop(1)
    assert errors_of(graph) == [("input.graph.nodes.2", "Node lost cannot be reached from the entry.")]


def test_a_loop_needs_a_wait() -> None:
    loop = {
        "nodes": [ENTRY, node("cond", "CONDITION", rule={"gender": {"in": ["MALE"]}}), MESSAGE, node("x", "EXIT")],
        "edges": [edge("entry", "cond"), edge("cond", "msg", "yes"), edge("cond", "x", "no"), edge("msg", "cond")],
    }
    assert errors_of(loop) == [
        ("input.graph.nodes.1", "Nodes cond → msg form a loop without a wait: add a wait to it.")]
    # the same loop through a wait is a legitimate reminder cycle
    loop["nodes"].append(node("w", "WAIT", duration={"days": 30}))
    loop["edges"][-1] = edge("msg", "w")
    loop["edges"].append(edge("w", "cond"))
    assert validate(loop).next("w") == "cond"


def test_entry_rules_are_checked_like_segment_rules() -> None:
    graph = {"nodes": [node("entry", "ENTRY", mode="RECURRING", every="MONTHLY", day=32, time="25:00",
                            audience={"rule": {"age": {"min": 200}}}), MESSAGE],
             "edges": [edge("entry", "msg")]}
    errs = dict(errors_of(graph))
    assert errs["input.graph.nodes.0.config.day"] == "Node entry: day must be between 1 and 31."
    assert errs["input.graph.nodes.0.config.time"] == "Node entry: time must be a time of day like 09:30."
    assert any(f.startswith("input.graph.nodes.0.config.audience.rule") for f in errs)


@pytest.mark.parametrize("bad", [None, [], {"nodes": []}, {"nodes": [{"id": "a b", "kind": "ENTRY"}]},
                                 {"nodes": [{"id": "a", "kind": "TELEPORT"}]}])
def test_malformed_graphs_are_refused_with_a_path(bad: Any) -> None:
    errs = errors_of(bad)
    assert errs and all(f.startswith("input.graph") for f, _ in errs)
