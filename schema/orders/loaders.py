"""DataLoaders of orders."""

from api.orders import models
from schema.core.loaders import Loaders, many_by

Loaders.register("lines_by_order", lambda: many_by(models.OrderLine, "order_id"))
Loaders.register("refunds_by_order", lambda: many_by(models.Refund, "order_id", ("refunded_at", "id")))
