"""The members page (100 members with home store, guide, tier and cards): GraphQL vs raw SQL.

Both sides read the same rows from the same seeded database in the same run: the raw-SQL side is
what a hand-written endpoint would need at least (a count, one page query with the joins, one query
for the page's cards) and is the baseline; the GraphQL side goes through the whole stack (HTTP via
httpx.ASGITransport, token auth, Strawberry, Tortoise, DataLoaders, JSON).

The second benchmark pages 30 members with their first 5 orders (counted) and first 5 events: the
raw side is the four statements that needs (page, two ROW_NUMBER windows, one GROUP BY); GraphQL
batches the nested connections into the same shape.

Run: ``BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a database of your own>
.venv/bin/pytest tests/bench/bench_members_page.py -s -p no:cacheprovider -o addopts=""``.
"""

from __future__ import annotations

import os
from typing import Any

import httpx
from tortoise import connections

from api.accounts.models import Role
from api.accounts.services import create_token
from api.app import create_app
from tests.bench.harness import measure, report

RUNS = int(os.environ.get("BENCH_RUNS") or 30)
PAGE = 100

NODE = (
    "id name phone homeStore { id name } guide { id name } tier { id name } "
    "cards { id balance remainingUses expiresAt product { name kind } }"
)
QUERY = f"query Page($first: Int) {{ members(first: $first) {{ totalCount edges {{ node {{ {NODE} }} }} }} }}"
QUERY_NO_COUNT = f"query Page($first: Int) {{ members(first: $first) {{ edges {{ node {{ {NODE} }} }} }} }}"

PAGE_SQL = """
SELECT m.id, m.name, m.phone, s.id AS store_id, s.name AS store_name, g.id AS guide_id,
       g.name AS guide_name, t.id AS tier_id, t.name AS tier_name
FROM member m
LEFT JOIN store s ON s.id = m.home_store_id
LEFT JOIN guide g ON g.id = m.guide_id
LEFT JOIN tier t ON t.id = m.tier_id
ORDER BY m.registered_at DESC, m.id DESC
LIMIT $1
"""
CARDS_SQL = """
SELECT c.id, c.member_id, c.balance_cents, c.remaining_uses, c.expires_at, p.name, p.kind
FROM member_card c JOIN card_product p ON p.id = c.product_id
WHERE c.member_id = ANY($1::int[])
ORDER BY c.id
"""


async def _raw_page(with_count: bool) -> dict[str, Any]:
    """The same page with raw SQL on the same connection pool, shaped like the GraphQL answer."""
    async with connections.get("default").acquire_connection() as con:
        total = await con.fetchval("SELECT COUNT(*) FROM member") if with_count else None
        rows = await con.fetch(PAGE_SQL, PAGE)
        cards = await con.fetch(CARDS_SQL, [r["id"] for r in rows])
    by_member: dict[int, list[dict[str, Any]]] = {}
    for c in cards:
        by_member.setdefault(c["member_id"], []).append(
            {
                "id": c["id"],
                "balance": c["balance_cents"] / 100,
                "remainingUses": c["remaining_uses"],
                "expiresAt": c["expires_at"].isoformat() if c["expires_at"] else None,
                "product": {"name": c["name"], "kind": c["kind"]},
            }
        )
    nodes = [
        {
            "id": r["id"],
            "name": r["name"],
            "phone": r["phone"],
            "homeStore": {"id": r["store_id"], "name": r["store_name"]} if r["store_id"] else None,
            "guide": {"id": r["guide_id"], "name": r["guide_name"]} if r["guide_id"] else None,
            "tier": {"id": r["tier_id"], "name": r["tier_name"]} if r["tier_id"] else None,
            "cards": by_member.get(r["id"], []),
        }
        for r in rows
    ]
    return {"totalCount": total, "nodes": nodes}


async def test_members_page_graphql_vs_raw_sql(bench_db: None) -> None:
    app = create_app(manage_db=False)
    secret, _ = await create_token("bench members page", Role.ADMIN)
    headers = {"Authorization": f"Bearer {secret}"}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench", headers=headers
    ) as client:

        async def graphql(query: str) -> dict[str, Any]:
            response = await client.post("/graphql", json={"query": query, "variables": {"first": PAGE}})
            body = response.json()
            assert not body.get("errors"), body["errors"]
            return body["data"]["members"]

        # Same rows on both sides (same order, same cards), or the comparison means nothing.
        raw = await _raw_page(with_count=True)
        gql = await graphql(QUERY)
        assert gql["totalCount"] == raw["totalCount"]
        gql_nodes = [e["node"] for e in gql["edges"]]
        assert [(n["name"], n["phone"]) for n in gql_nodes] == [(n["name"], n["phone"]) for n in raw["nodes"]]
        assert [len(n["cards"]) for n in gql_nodes] == [len(n["cards"]) for n in raw["nodes"]]
        assert [n["tier"]["name"] for n in gql_nodes] == [n["tier"]["name"] for n in raw["nodes"]]

        baseline = await measure("raw SQL: count + page + cards", lambda: _raw_page(True), runs=RUNS)
        raw_no_count = await measure("raw SQL: page + cards", lambda: _raw_page(False), runs=RUNS)
        full = await measure("GraphQL members(first: 100)", lambda: graphql(QUERY), runs=RUNS)
        no_count = await measure("GraphQL, no totalCount", lambda: graphql(QUERY_NO_COUNT), runs=RUNS)
    members = raw["totalCount"]
    print(f"\nmembers page, {members:,} members in the bench database, {RUNS} runs each")
    report([full], baseline)
    report([no_count], raw_no_count)


NESTED_PAGE = 30
NESTED_QUERY = """
query Page($first: Int) { members(first: $first) { nodes {
  id name
  orders(first: 5) { totalCount nodes { id orderedAt total } }
  events(first: 5) { nodes { id type occurredAt } }
} } }
"""
NESTED_PAGE_SQL = "SELECT m.id, m.name FROM member m ORDER BY m.registered_at DESC, m.id DESC LIMIT $1"
NESTED_ORDERS_SQL = """
SELECT * FROM (SELECT o.id, o.member_id, o.ordered_at, o.total_cents,
  ROW_NUMBER() OVER (PARTITION BY o.member_id ORDER BY o.ordered_at DESC, o.id DESC) AS rn
  FROM "order" o WHERE o.member_id = ANY($1::int[])) w WHERE rn <= 5
"""
NESTED_COUNTS_SQL = 'SELECT member_id, COUNT(*) FROM "order" WHERE member_id = ANY($1::int[]) GROUP BY member_id'
NESTED_EVENTS_SQL = """
SELECT * FROM (SELECT e.id, e.member_id, e.type, e.occurred_at,
  ROW_NUMBER() OVER (PARTITION BY e.member_id ORDER BY e.occurred_at DESC, e.id DESC) AS rn
  FROM event e WHERE e.member_id = ANY($1::int[])) w WHERE rn <= 5
"""


async def _raw_nested() -> int:
    """Members, their first 5 orders with counts and first 5 events: the four statements it needs."""
    async with connections.get("default").acquire_connection() as con:
        rows = await con.fetch(NESTED_PAGE_SQL, NESTED_PAGE)
        ids = [r["id"] for r in rows]
        orders = await con.fetch(NESTED_ORDERS_SQL, ids)
        await con.fetch(NESTED_COUNTS_SQL, ids)
        await con.fetch(NESTED_EVENTS_SQL, ids)
    return len(orders)


async def test_members_page_with_nested_orders_and_events(bench_db: None) -> None:
    app = create_app(manage_db=False)
    secret, _ = await create_token("bench nested page", Role.ADMIN)
    headers = {"Authorization": f"Bearer {secret}"}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench", headers=headers
    ) as client:

        async def graphql() -> dict[str, Any]:
            response = await client.post("/graphql", json={"query": NESTED_QUERY, "variables": {"first": NESTED_PAGE}})
            body = response.json()
            assert not body.get("errors"), body["errors"]
            return body["data"]["members"]

        page = await graphql()
        assert len(page["nodes"]) == NESTED_PAGE
        assert sum(len(n["orders"]["nodes"]) for n in page["nodes"]) == await _raw_nested()

        baseline = await measure("raw SQL: page + orders + counts + events", _raw_nested, runs=RUNS)
        nested = await measure(f"GraphQL {NESTED_PAGE} members, orders+events", graphql, runs=RUNS)
    print(f"\nmembers page of {NESTED_PAGE} with nested orders (counted) and events, {RUNS} runs each")
    report([nested], baseline)
