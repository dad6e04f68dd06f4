"""The journey scenarios use the channel tests' real HTTP gateway."""

from tests.channels.conftest import gateway  # noqa: F401
