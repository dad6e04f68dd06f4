"""GraphQL types of the organisation: retail companies, stores, guides."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry import relay

from api.org import models, services


@strawberry.type(name="RetailCompany", description="A retail company (零售公司), owner of stores.")
class RetailCompanyType(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="Company name.")
    code: str = strawberry.field(description="Short unique code.")

    @classmethod
    def from_model(cls, m: models.RetailCompany) -> RetailCompanyType:
        return cls(id=m.id, name=m.name, code=m.code)

    @classmethod
    async def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        rows = await services.companies_by_id(info.context.require_viewer(), [int(i) for i in node_ids])
        return [cls.from_model(r) if r else None for r in rows]


@strawberry.type(name="Store", description="A store (门店).")
class StoreType(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="Store name.")
    code: str = strawberry.field(description="Unique store code, used by CSV imports.")
    city: str = strawberry.field(description="City the store is in.")
    model: strawberry.Private[models.Store]

    @classmethod
    def from_model(cls, m: models.Store) -> StoreType:
        return cls(id=m.id, name=m.name, code=m.code, city=m.city, model=m)

    @strawberry.field(description="The retail company the store belongs to.")
    async def company(self, info: strawberry.Info) -> RetailCompanyType:
        c = await info.context.loaders.get("company").load(self.model.company_id)
        return RetailCompanyType.from_model(c)

    @classmethod
    async def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        rows = await services.stores_by_id(info.context.require_viewer(), [int(i) for i in node_ids])
        return [cls.from_model(r) if r else None for r in rows]


@strawberry.type(name="Guide", description="A shopping guide (导购) who owns customers.")
class GuideType(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="Guide's name.")
    code: str = strawberry.field(description="Employee code (工号), used by CSV imports.")
    active: bool = strawberry.field(description="Whether the guide still works here.")
    model: strawberry.Private[models.Guide]

    @classmethod
    def from_model(cls, m: models.Guide) -> GuideType:
        return cls(id=m.id, name=m.name, code=m.code, active=m.active, model=m)

    @strawberry.field(description="The store the guide works in.")
    async def store(self, info: strawberry.Info) -> StoreType:
        s = await info.context.loaders.get("store").load(self.model.store_id)
        return StoreType.from_model(s)

    @classmethod
    async def resolve_nodes(cls, *, info: Any, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        rows = await services.guides_by_id(info.context.require_viewer(), [int(i) for i in node_ids])
        return [cls.from_model(r) if r else None for r in rows]
