"""DataLoaders of the organisation."""

from api.org import models
from schema.core.loaders import Loaders, by_id

Loaders.register("company", lambda: by_id(models.RetailCompany))
Loaders.register("store", lambda: by_id(models.Store))
Loaders.register("guide", lambda: by_id(models.Guide))
