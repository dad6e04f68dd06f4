"""Fixtures for the channel tests: a real HTTP gateway and a real SMTP server on free ports."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from tests.channels.servers import Gateway, SmtpSink

SECRET = "gw-secret-1"


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    gw = Gateway(secret=SECRET).start()
    yield gw
    gw.stop()


@pytest.fixture
def smtp() -> Iterator[tuple[SmtpSink, int]]:
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()
