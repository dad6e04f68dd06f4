"""The reachable condition: identity present and consent given on a channel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from api.segments.compiler import CHANNEL_SQL, IDENTITY_SQL, Sql
from api.segments.conditions.base import Admin, AdminField, Condition, EnumSpec, Field, register
from api.segments.conditions.profile import draw_choice

if TYPE_CHECKING:
    from api.segments.context import RuleContext
    from api.segments.evaluator import MemberFacts

CHANNEL = EnumSpec("ReachChannel", "A channel members can be reached on.", (
    ("SMS", "Has a phone and consents to SMS."),
    ("WECHAT", "Has an official-account openid and follows the account."),
    ("WECOM", "Is a WeCom external contact (friend of a guide)."),
    ("EMAIL", "Has an email address and consents to email."),
    ("PUSH", "Has an app push token and consents to push."),
))


def reachable(member: Any, channel: str) -> bool:
    """Whether ``member`` can be reached on ``channel`` (identity present and consent given)."""
    if channel == "SMS":
        return bool(member.phone) and bool(member.sms_consent)
    if channel == "WECHAT":
        return bool(member.wechat_openid) and bool(member.wechat_subscribed)
    if channel == "WECOM":
        return bool(member.wecom_external_id)
    if channel == "EMAIL":
        return bool(member.email) and bool(member.email_consent)
    if channel == "PUSH":
        return bool(member.push_token) and bool(member.push_consent)
    raise AssertionError(channel)


def _py(v: dict[str, Any], f: MemberFacts, ctx: RuleContext) -> bool:
    return reachable(f.member, v["channel"])


def _on_a_channel(label: str) -> dict[str, Any]:
    """What a condition with one ``channel`` argument declares besides its tests: the field, its random
    and boundary values, and its admin widget (labelled ``label``)."""
    return {
        "fields": {"channel": Field("enum", True, enum=CHANNEL, description="The channel.")},
        "strategy": lambda draw, refs: {"channel": draw_choice(draw, CHANNEL.choices)},
        "edges": [{"channel": c} for c in CHANNEL.choices],
        "admin": Admin("other", label, [AdminField("channel", "single", "field.channel", required=True,
                                                   options=tuple((c, f"channel.{c}") for c in CHANNEL.choices))],
                       defaults={"channel": "SMS"}),
    }


register(Condition(
    key="reachable", family="reach", position=250, description="Reachable on a channel.",
    input_name="ReachableCondition",
    input_description="Can be reached on a channel: identity present and consent given.",
    sql=lambda c, v: Sql(CHANNEL_SQL[v["channel"]]),
    python=_py,
    vector=lambda e, v: e.col(f"r_{v['channel'].lower()}") == 1,
    **_on_a_channel("cond.reachable"),
))


IDENTITY = {"SMS": "phone", "WECHAT": "wechat_openid", "WECOM": "wecom_external_id", "EMAIL": "email",
            "PUSH": "push_token"}
"""The member field holding each channel's address (the send gate's too)."""


def has_address(member: Any, channel: str) -> bool:
    """Whether ``member`` has an address on ``channel``, whatever the consent."""
    return bool(getattr(member, IDENTITY[channel], None))


register(Condition(
    key="channelIdentity", family="reach", position=251,
    description="Has an address on a channel, whatever the consent.",
    input_name="ChannelIdentityCondition",
    input_description="Has an address on a channel (a phone, an official-account openid, a WeCom contact, an "
                      "email address, a push token), consent or not: with `reachable`, who lacks only the consent.",
    sql=lambda c, v: Sql(IDENTITY_SQL[v["channel"]]),
    python=lambda v, f, ctx: has_address(f.member, v["channel"]),
    vector=lambda e, v: e.col(f"a_{v['channel'].lower()}") == 1,
    **_on_a_channel("cond.channelIdentity"),
))
