"""Channels: provider adapters (``base``, ``providers``), provider settings and receipts (``services``,
``provider_models``) and the outbox relay (``outbox``). ``models`` (MessageSend) belongs to the send gate.

Receipts: providers POST signed JSON to ``/hooks/receipts/<provider id>``
(``{"receipts": [{"id", "sendId", "status": "delivered"|"failed", "error"}]}``, headers
``X-Rapport-Timestamp`` and ``X-Rapport-Signature: sha256=<hex HMAC-SHA256(secret, "<ts>.<body>")>``).
"""
