"""Estimates at most once per request: the same (rule, channels) asked twice is computed once.

An estimate evaluates a whole rule over every member in reach, so a document that asks for the same
audience twice (``estimateAudience(segmentId:)`` next to ``segment { estimate }``, the same rule under
two aliases) must not pay twice. A per-request DataLoader in the context keys estimates by the
viewer, the rule's canonical JSON, the channels and the company it is counted for, so a saved segment
and the same rule typed out by a viewer of the same company share one entry.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader

from api.core.scope import Scope
from api.core.viewer import Viewer
from api.segments import services
from api.segments.models import Segment
from schema.core.loaders import Loaders

EstimateKey = tuple[str, tuple[str, ...], int | None]
"""(the rule as canonical JSON, the channels in the order asked without repeats, the company it is
counted for: a saved segment's owner, else the viewer's own company; None is HQ)."""


def _estimates(viewer: Viewer) -> DataLoader[EstimateKey, services.Estimate]:
    async def load(keys: Sequence[EstimateKey]) -> list[services.Estimate | BaseException]:
        out: list[services.Estimate | BaseException] = []
        for rule_json, channels, company_id in keys:  # the loader has already merged repeated keys
            try:
                out.append(await services.estimate_rule(viewer, json.loads(rule_json), list(channels),
                                                        saved=True, company_id=company_id))
            except Exception as exc:  # noqa: BLE001 - the error belongs to the field that asked, not the batch
                out.append(exc)
        return out

    return DataLoader(load_fn=load)


Loaders.register("estimate", _estimates)


async def estimate_once(
    info: strawberry.Info, viewer: Viewer, rule: dict[str, Any], channels: list[str],
    segment: Segment | None = None,
) -> services.Estimate:
    """The exact estimate of a validated rule (or of ``segment``'s rule, within its owner's reach),
    computed at most once per request for these channels."""
    company_id = segment.company_id if segment is not None else await Scope.of(viewer).own_company_id()
    key: EstimateKey = (json.dumps(rule, sort_keys=True, ensure_ascii=False), tuple(dict.fromkeys(channels)),
                        company_id)
    estimate: services.Estimate = await info.context.loaders.get("estimate", viewer).load(key)
    return estimate
