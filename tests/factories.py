"""Factories for tests: real rows in the real database, built with the services where it matters."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from typing import Any

import httpx

from api.accounts.models import Role
from api.accounts.services import create_token
from api.core import clock
from api.loyalty.models import CardKind, CardProduct, PointsEntry, Tier
from api.members.models import Gender, Member
from api.members.services import owning_company_id
from api.orders.models import Event, LineKind, Order, Product
from api.org.models import Guide, RetailCompany, Store

_seq = itertools.count(1)


def n() -> int:
    return next(_seq)


async def make_company(**kw: Any) -> RetailCompany:
    i = n()
    return await RetailCompany.create(**{"name": f"Company {i}", "code": f"C{i}", **kw})


async def make_store(company: RetailCompany | None = None, **kw: Any) -> Store:
    company = company or await make_company()
    i = n()
    return await Store.create(**{"company": company, "name": f"Store {i}", "code": f"S{i}", "city": "上海", **kw})


async def make_guide(store: Store | None = None, **kw: Any) -> Guide:
    store = store or await make_store()
    i = n()
    return await Guide.create(**{"store": store, "name": f"导购{i}", "code": f"G{i}", **kw})


async def make_tier(level: int, threshold_cents: int, name: str | None = None) -> Tier:
    return await Tier.create(name=name or f"Tier {level}", level=level, threshold_cents=threshold_cents)


async def make_member(**kw: Any) -> Member:
    i = n()
    fields: dict[str, Any] = {
        "name": f"会员{i}",
        "phone": f"138{i:08d}",
        "gender": Gender.FEMALE,
        "registered_at": clock.now(),
    }
    fields.update(kw)
    b = fields.get("birthday")
    if isinstance(b, date):
        fields["birthday_md"] = b.month * 100 + b.day
    if "company_id" not in fields and "company" not in fields:
        # the owning company, as the services keep it: the home store's, else the guide's store's
        store = fields.get("home_store")
        guide = fields.get("guide")
        store_id = store.id if store is not None else fields.get("home_store_id")
        guide_id = guide.id if guide is not None else fields.get("guide_id")
        fields["company_id"] = await owning_company_id(store_id, guide_id)
    return await Member.create(**fields)


async def make_product(kind: LineKind = LineKind.GOODS, price_cents: int = 10000, **kw: Any) -> Product:
    i = n()
    return await Product.create(
        **{"sku": f"SKU{i}", "name": f"Product {i}", "kind": kind, "category": "护肤", "price_cents": price_cents, **kw}
    )


async def make_history_order(member: Member, ordered_at: datetime, total_cents: int = 10000, **kw: Any) -> Order:
    """An order row in a member's history (no lines, totals untouched): for lists and paging."""
    return await Order.create(
        **{"member": member, "ordered_at": ordered_at, "total_cents": total_cents, "external_id": f"O{n()}", **kw}
    )


async def make_history_event(member: Member, occurred_at: datetime, type: str = "page_view", **kw: Any) -> Event:
    """A behaviour event row in a member's history: for lists and paging."""
    return await Event.create(
        **{"member": member, "type": type, "occurred_at": occurred_at, "source": "test", "external_id": f"E{n()}", **kw}
    )


async def make_points_entry(member: Member, occurred_at: datetime, delta: int = 10, **kw: Any) -> PointsEntry:
    """A points ledger row (balance untouched): for lists and paging."""
    fields: dict[str, Any] = {"member": member, "occurred_at": occurred_at, "delta": delta, "reason": "test"}
    return await PointsEntry.create(**{**fields, **kw})


async def make_card_product(kind: CardKind = CardKind.PUNCH, **kw: Any) -> CardProduct:
    i = n()
    defaults: dict[str, Any] = {
        "name": f"Card {i}",
        "kind": kind,
        "price_cents": 100000,
        "face_value_cents": 120000 if kind is CardKind.STORED_VALUE else 0,
        "total_uses": 10 if kind is CardKind.PUNCH else None,
        "validity_days": 365,
    }
    defaults.update(kw)
    return await CardProduct.create(**defaults)


async def make_token(role: Role = Role.ADMIN, **kw: Any) -> str:
    secret, _ = await create_token(f"test-{role.value}-{n()}", role, **kw)
    return secret


def dt(s: str) -> datetime:
    """A UTC datetime from an ISO string."""
    from datetime import UTC

    value = datetime.fromisoformat(s)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class GraphQLClient:
    """Calls /graphql on the app in-process via httpx.ASGITransport."""

    def __init__(self, app: Any, token: str | None = None):
        self.app = app
        self.token = token
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> GraphQLClient:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        self._client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url="http://testserver", headers=headers
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._client is not None
        await self._client.aclose()

    async def raw(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        assert self._client is not None
        r = await self._client.post("/graphql", json={"query": query, "variables": variables or {}})
        return r.json()

    async def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run a query; fail the test on top-level errors; return ``data``."""
        body = await self.raw(query, variables)
        assert not body.get("errors"), body.get("errors")
        return body["data"]

    def as_token(self, token: str) -> GraphQLClient:
        return GraphQLClient(self.app, token)


# -- channels (relay) ----------------------------------------------------------------------------


async def channels_make_send(member: Member, channel: str = "SMS", address: str | None = None, **kw: Any) -> Any:
    """A QUEUED outbox row for ``member`` (as the send gate writes it)."""
    from api.channels.models import MessageSend, SendStatus

    i = n()
    fields: dict[str, Any] = {
        "member": member, "dedupe_key": f"test:{i}:{member.id}", "sender_type": "plan", "sender_id": 1,
        "step": "s", "occurrence": str(i), "channel": channel, "channels": [channel],
        "content": {"subject": f"Hello {i}", "text": f"Message {i}", "media": []},
        "address": address, "status": SendStatus.QUEUED, "due_at": clock.now(), "decided_at": clock.now(),
    }
    fields.update(kw)
    return await MessageSend.create(**fields)


async def channels_make_provider(channel: str = "SMS", url: str = "", secret: str = "s3cret", **kw: Any) -> Any:
    """A provider setting (HQ's unless ``company_id``/``company`` is given); HTTP unless ``kind``."""
    from api.channels import crypto
    from api.channels.base import Channel, ProviderKind
    from api.channels.provider_models import ChannelProvider

    fields: dict[str, Any] = {
        "channel": Channel(channel), "kind": ProviderKind.HTTP, "url": url,
        "secret_encrypted": crypto.encrypt(secret) if secret else None, "timeout_seconds": 5.0,
    }
    fields.update(kw)
    return await ChannelProvider.create(**fields)
