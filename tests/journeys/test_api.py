"""Journeys through GraphQL: typed node inputs, publish errors on their node, lists without N+1."""

from __future__ import annotations

from datetime import timedelta

from api.accounts.models import Role
from api.core import clock
from api.journeys.models import Enrollment, JourneyVersion
from tests.factories import GraphQLClient, make_company, make_member, make_store, make_token
from tests.querycount import count_queries

CREATE = """
mutation($input: JourneyCreateInput!) {
  journeyCreate(input: $input) {
    journey { id status draftRevision draft { nodes { id kind config position { x y } } edges { from to branch } } }
    userErrors { field message code }
  }
}"""

PUBLISH = """
mutation($id: ID!) {
  journeyPublish(id: $id) { journey { status currentVersion } version { number } userErrors { field message code } }
}"""

UPDATE = """
mutation($id: ID!, $input: JourneyUpdateInput!) {
  journeyUpdate(id: $id, input: $input) { journey { draftRevision } userErrors { field message code } }
}"""


def graph(wait_days: int) -> dict:
    return {
        "nodes": [
            {"id": "entry", "position": {"x": 0, "y": 0},
             "config": {"entry": {"mode": "TRIGGERED", "trigger": "SERVICE_COMPLETED", "delayDays": 0,
                                  "audience": {"rule": {"gender": {"in": ["FEMALE"]}}}}}},
            {"id": "wait", "config": {"wait": {"duration": {"days": wait_days}}}},
            {"id": "split", "config": {"randomSplit": {"shares": [{"key": "a", "percent": 90},
                                                                  {"key": "ctl", "percent": 10, "control": True}]}}},
            {"id": "tag", "config": {"updateMember": {"addTags": ["回访"]}}},
            {"id": "done", "config": {"exit": {}}},
        ],
        "edges": [{"from": "entry", "to": "wait"}, {"from": "wait", "to": "split"},
                  {"from": "split", "to": "tag", "branch": "a"}, {"from": "split", "to": "done", "branch": "ctl"}],
    }


async def test_create_edit_and_publish_through_graphql(app) -> None:  # type: ignore[no-untyped-def]
    company = await make_company()
    async with GraphQLClient(app, await make_token(Role.COMPANY_ADMIN, company_id=company.id)) as gql:
        # given a draft with a zero wait
        out = (await gql(CREATE, {"input": {"name": "术后回访", "graph": graph(0)}}))["journeyCreate"]
        assert out["userErrors"] == []
        journey = out["journey"]
        nodes = {n["id"]: n for n in journey["draft"]["nodes"]}
        assert nodes["split"]["kind"] == "RANDOM_SPLIT" and nodes["entry"]["position"] == {"x": 0, "y": 0}
        assert nodes["entry"]["config"]["audience"]["rule"] == {"gender": {"in": ["FEMALE"]}}
        # when it is published, the error names the wait node and its field
        pub = (await gql(PUBLISH, {"id": journey["id"]}))["journeyPublish"]
        assert pub["version"] is None
        assert pub["userErrors"] == [{"field": ["graph", "nodes", "1", "config", "duration"],
                                      "message": "Node wait: A wait must last longer than zero.", "code": "INVALID"}]
        # and once fixed (with the revision it loaded) it publishes as version 1
        upd = (await gql(UPDATE, {"id": journey["id"], "input": {"graph": graph(14), "revision": 0}}))["journeyUpdate"]
        assert upd == {"journey": {"draftRevision": 1}, "userErrors": []}
        stale = (await gql(UPDATE, {"id": journey["id"], "input": {"name": "x", "revision": 0}}))["journeyUpdate"]
        assert stale["userErrors"][0]["code"] == "CONFLICT"
        pub = (await gql(PUBLISH, {"id": journey["id"]}))["journeyPublish"]
        assert pub == {"journey": {"status": "ACTIVE", "currentVersion": 1}, "version": {"number": 1},
                       "userErrors": []}
        # and a wrong id inside a node is a userError on that node's field
        bad = graph(14)
        bad["nodes"][0]["config"]["entry"]["audience"] = {"segmentIds": ["not-an-id"]}
        out = (await gql(CREATE, {"input": {"name": "坏", "graph": bad}}))["journeyCreate"]
        assert out["userErrors"][0]["field"] == ["input", "graph", "nodes", "0", "config", "entry", "audience",
                                                 "segmentIds", "0"]


async def test_enrollment_and_journey_lists_cost_the_same_at_any_size(app) -> None:  # type: ignore[no-untyped-def]
    clock.set_now(clock.now())
    store = await make_store()
    async with GraphQLClient(app, await make_token(Role.ADMIN)) as gql:
        ids = []
        for i in range(6):
            out = (await gql(CREATE, {"input": {"name": f"J{i}", "graph": graph(3)}}))["journeyCreate"]
            ids.append(out["journey"]["id"])
            assert (await gql(PUBLISH, {"id": out["journey"]["id"]}))["journeyPublish"]["userErrors"] == []
        from schema.core.ids import decode_id

        jid = decode_id(ids[0], "Journey", "id")
        version = await JourneyVersion.get(journey_id=jid)
        for k in range(12):
            m = await make_member(home_store=store)
            await Enrollment.create(journey_id=jid, version_id=version.id, member_id=m.id, node_id="wait",
                                    due_at=clock.now() + timedelta(days=1), entered_at=clock.now(), entry_key=f"k{k}")
        lists = ("query($n: Int) { journeys(first: $n) { totalCount nodes { id name status company { name } "
                 "nodeCounts { nodeId waiting passed } } } }")
        runs = ("query($id: ID!, $n: Int) { enrollments(journeyId: $id, first: $n) { totalCount nodes { id nodeId "
                "versionNumber member { name } } } }")
        for doc, variables in ((runs, {"id": ids[0]}), ):
            await gql(doc, {**variables, "n": 1})
            with count_queries() as small:
                await gql(doc, {**variables, "n": 2})
            with count_queries() as large:
                data = await gql(doc, {**variables, "n": 12})
            assert len(data["enrollments"]["nodes"]) == 12
            assert len(small) == len(large)
        # and the journey list with its node counts too
        await gql(lists, {"n": 1})
        with count_queries() as small:
            await gql(lists, {"n": 2})
        with count_queries() as large:
            data = await gql(lists, {"n": 6})
        assert [n["nodeCounts"] for n in data["journeys"]["nodes"] if n["id"] == ids[0]][0] == [
            {"nodeId": "wait", "waiting": 12, "passed": 0}]
        assert len(small) == len(large)
