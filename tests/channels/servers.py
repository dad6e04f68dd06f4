"""Real local servers for the channel tests: a signing-checking HTTP gateway and an SMTP server."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Gateway:
    """An HTTP gateway that verifies ``X-Rapport-Signature`` and records every ``Idempotency-Key``.

    ``statuses`` maps a send id to the HTTP statuses of its successive attempts (then 200);
    ``default_status`` answers everything else; ``delay`` sleeps before answering. A key that was
    accepted once is answered 200 with the same message id again (the receiver deduplicates).
    """

    secret: str
    statuses: dict[str, list[int]] = field(default_factory=dict)
    default_status: int = 200
    delay: float = 0.0
    requests: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    accepted: Counter[str] = field(default_factory=Counter)
    bad_signatures: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/send"

    def keys(self) -> list[str]:
        with self._lock:
            return [k for k, _ in self.requests]

    def start(self) -> Gateway:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                ts = self.headers.get("X-Rapport-Timestamp", "")
                sig = self.headers.get("X-Rapport-Signature", "")
                key = self.headers.get("Idempotency-Key", "")
                mac = hmac.new(gateway.secret.encode(), ts.encode() + b"." + body, hashlib.sha256)
                want = "sha256=" + mac.hexdigest()
                if not hmac.compare_digest(want, sig):
                    with gateway._lock:
                        gateway.bad_signatures += 1
                    self._answer(401, {"error": "bad signature"})
                    return
                payload = json.loads(body)
                with gateway._lock:
                    gateway.requests.append((key, payload))
                    planned = gateway.statuses.get(key)
                    status = planned.pop(0) if planned else gateway.default_status
                if gateway.delay:
                    time.sleep(gateway.delay)
                if status == 200:
                    with gateway._lock:
                        gateway.accepted[key] += 1
                    self._answer(200, {"messageId": f"gw-{key}"})
                else:
                    self._answer(status, {"error": f"planned {status}"})

            def _answer(self, status: int, data: dict[str, Any]) -> None:
                raw = json.dumps(data).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        self._server = server
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


class SmtpSink:
    """aiosmtpd handler that keeps every message and refuses recipients at ``reject.example``."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any) -> str:  # noqa: N802
        if address.endswith("@reject.example"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        from email import message_from_bytes

        msg = message_from_bytes(envelope.content)
        self.messages.append({"to": envelope.rcpt_tos, "from": envelope.mail_from, "message": msg})
        return "250 Message accepted for delivery"
