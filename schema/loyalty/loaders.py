"""DataLoaders of loyalty."""

from api.loyalty import models
from schema.core.loaders import Loaders, by_id, many_by

Loaders.register("tier", lambda: by_id(models.Tier))
Loaders.register("card_product", lambda: by_id(models.CardProduct))
Loaders.register("cards_by_member", lambda: many_by(models.MemberCard, "member_id", ("issued_at", "id")))
