"""The send gate and fatigue caps: the only way anything reaches a member.

- ``policy``: a company's (or HQ's) caps and quiet hours, validated on save, and the windows a cap
  covers at a given instant (calendar day / week / month in the store time zone, rolling hours / days).
- ``caps``: the Redis side — one Lua script per member that checks every window and reserves the slot
  under the send's key, idempotently; rebuilt from the database's sends when Redis has lost them.
- ``gate``: ``decide`` (candidates → outbox rows, in the caller's transaction) and ``redecide_due``
  (deferred sends decided again when their window opens).
"""
