"""Settings: people and organisation, the catalogue, API tokens and the audit log."""
