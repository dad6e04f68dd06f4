"""For tortoise's own CLI: ``tortoise -c api.core.tortoise_conf.TORTOISE_ORM makemigrations``."""

from api.core.db import tortoise_config

TORTOISE_ORM = tortoise_config()
