"""Helpers shared by the API tests: global ids, row counts and the GraphQL documents they send."""

from __future__ import annotations

from typing import Any

from tortoise.models import Model

from schema.core.ids import to_global_id


def gid(type_name: str, pk: int) -> str:
    """The Relay global id of ``type_name`` ``pk``, as the API hands it out."""
    return to_global_id(type_name, pk)


async def counts(*models: type[Model]) -> dict[str, int]:
    """Row counts of these tables, to prove that a refused mutation wrote nothing."""
    return {m.__name__: await m.all().count() for m in models}


def errors_of(payload: dict[str, Any]) -> list[tuple[list[str] | None, str]]:
    """``(field, code)`` of each userError of a mutation payload."""
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


ORDER_FIELDS = """
  id total refunded net status source externalId orderedAt
  lines { id kind name category quantity unitPrice amount refunded }
  refunds { id amount lineId orderId }
"""

ORDER_RECORD = f"""
mutation OrderRecord($input: OrderRecordInput!) {{
  orderRecord(input: $input) {{
    created
    order {{ {ORDER_FIELDS} }}
    userErrors {{ field message code }}
  }}
}}
"""

REFUND_RECORD = f"""
mutation RefundRecord($input: RefundRecordInput!) {{
  refundRecord(input: $input) {{
    refund {{ id amount lineId orderId reason }}
    order {{ {ORDER_FIELDS} }}
    userErrors {{ field message code }}
  }}
}}
"""

CARD_USE = """
mutation CardUse($input: CardUseInput!) {
  cardUse(input: $input) {
    cardUse { id uses amount remainingUses balance }
    card { id balance remainingUses expired }
    userErrors { field message code }
  }
}
"""

SERVICE_COMPLETE = """
mutation ServiceComplete($input: ServiceCompleteInput!) {
  serviceComplete(input: $input) {
    completion { id completedAt productId }
    userErrors { field message code }
  }
}
"""

EVENT_RECORD = """
mutation EventRecord($input: EventRecordInput!) {
  eventRecord(input: $input) {
    created
    event { id type source externalId occurredAt payload }
    userErrors { field message code }
  }
}
"""

MEMBER_TOTALS = """
query Totals($id: ID!) {
  member(id: $id) {
    id orderCount totalSpend lastPurchaseAt firstVisitAt
    tier { id name level }
    cards { id balance remainingUses expiresAt expired product { name kind } }
  }
}
"""

MEMBER_FIELDS = """
  id name phone gender birthday source registeredAt customAttributes
  homeStore { id } guide { id } tier { id } tags
  channels { sms wechatOpenid wechatSubscribed wecomExternalId email emailConsent push }
"""

MEMBER_CREATE = f"""
mutation MemberCreate($input: MemberCreateInput!) {{
  memberCreate(input: $input) {{
    member {{ {MEMBER_FIELDS} }}
    userErrors {{ field message code }}
  }}
}}
"""

MEMBER_UPDATE = f"""
mutation MemberUpdate($id: ID!, $input: MemberUpdateInput!) {{
  memberUpdate(id: $id, input: $input) {{
    member {{ {MEMBER_FIELDS} }}
    userErrors {{ field message code }}
  }}
}}
"""

MEMBER_TAG = """
mutation MemberTag($id: ID!, $input: MemberTagInput!) {
  memberTag(id: $id, input: $input) {
    member { id tags }
    userErrors { field message code }
  }
}
"""

MEMBER_IMPORT = """
mutation MemberImport($input: MemberImportInput!) {
  memberImport(input: $input) {
    memberImport { id status filename totalRows rowsDone created updated unchanged failed }
    userErrors { field message code }
  }
}
"""

MEMBERS_PAGE = """
query Members(
  $first: Int, $after: String, $search: String, $storeIds: [ID!], $guideIds: [ID!], $tierIds: [ID!],
  $tags: [String!], $sort: MemberSort
) {
  members(
    first: $first, after: $after, search: $search, storeIds: $storeIds, guideIds: $guideIds,
    tierIds: $tierIds, tags: $tags, sort: $sort
  ) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name phone } }
  }
}
"""


def names(page: dict[str, Any]) -> list[str]:
    """Member names of a ``members`` connection, in order."""
    return [e["node"]["name"] for e in page["edges"]]
