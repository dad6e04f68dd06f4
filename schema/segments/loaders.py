"""DataLoaders of segments: segments by id, and each member's current segments."""

from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from api.segments import models, services
from schema.core.loaders import Loaders, by_id


def _segment_ids_by_member() -> DataLoader[int, list[int]]:
    async def load(keys: Sequence[int]) -> list[list[int]]:
        found = await services.member_segment_ids(list(set(keys)))
        return [found.get(k, []) for k in keys]

    return DataLoader(load_fn=load)


Loaders.register("segment", lambda: by_id(models.Segment))
Loaders.register("segment_ids_by_member", _segment_ids_by_member)
