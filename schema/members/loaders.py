"""DataLoaders of members."""

from api.members import models
from schema.core.loaders import Loaders, many_by

Loaders.register("tags_by_member", lambda: many_by(models.MemberTag, "member_id", ("tag",)))
