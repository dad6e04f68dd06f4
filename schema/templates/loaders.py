"""DataLoaders of templates: media rows by id, so a page of templates reads its media in one query."""

from api.templates import models
from schema.core.loaders import Loaders, by_id

Loaders.register("template_media", lambda: by_id(models.TemplateMedia))
