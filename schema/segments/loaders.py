"""DataLoaders of segments: segments by id, and each member's current segments."""

from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from api.core.viewer import Viewer
from api.segments import models, services
from api.segments.counts import segment_member_counts
from schema.core.loaders import Loaders, by_id


def _segment_ids_by_member() -> DataLoader[int, list[int]]:
    async def load(keys: Sequence[int]) -> list[list[int]]:
        found = await services.member_segment_ids(list(set(keys)))
        return [found.get(k, []) for k in keys]

    return DataLoader(load_fn=load)


def _member_count_by_segment(viewer: Viewer) -> DataLoader[models.Segment, int]:
    """Keyed by the segment row itself: an unscoped viewer's counts need no query at all."""

    async def load(keys: Sequence[models.Segment]) -> list[int]:
        counts = await segment_member_counts(viewer, list({s.id: s for s in keys}.values()))
        return [counts[s.id] for s in keys]

    return DataLoader(load_fn=load)


Loaders.register("segment", lambda: by_id(models.Segment))
Loaders.register("member_count_by_segment", _member_count_by_segment)
Loaders.register("segment_ids_by_member", _segment_ids_by_member)
