"""The fatigue tests use the channel tests' real HTTP gateway."""

from tests.channels.conftest import gateway  # noqa: F401
