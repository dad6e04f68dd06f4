"""Provider transports: SMTP for email, signed JSON over HTTP for SMS / WeChat / WeCom / push / webhooks."""

from __future__ import annotations

from api.channels.base import Provider, ProviderConfig, ProviderKind


def build_provider(config: ProviderConfig) -> Provider:
    """The transport for ``config``'s kind."""
    if config.kind == ProviderKind.SMTP:
        from api.channels.providers.smtp import SmtpProvider

        return SmtpProvider(config)
    from api.channels.providers.http import HttpProvider

    return HttpProvider(config)
