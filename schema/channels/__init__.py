"""GraphQL of channels: provider settings per channel and company (secrets write-only)."""
