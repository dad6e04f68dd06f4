"""What the segments domain contributes to the root schema (and its DataLoaders, registered on import)."""

import schema.segments.loaders  # noqa: F401
from schema.segments.mutations import SegmentMutations
from schema.segments.queries import SegmentQueries

__all__ = ["SegmentMutations", "SegmentQueries"]
