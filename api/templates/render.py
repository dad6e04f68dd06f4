"""Rendering a template's text for one member on one channel, with the escaping that channel needs.

- EMAIL: an HTML part (every value HTML-escaped, the text split into ``<p>`` paragraphs on blank
  lines, single newlines become ``<br>``) and a plain-text part; the subject is one line (CR/LF in
  values become spaces, so a value cannot inject a mail header).
- SMS, WECOM, PUSH: plain text; control characters in values are dropped (newlines in values too,
  so a value cannot add lines of its own).
- WECHAT: the same plain text, checked to survive JSON (lone surrogates and control characters are
  dropped), because the official-account API takes it inside a JSON body.

SMS length counts characters as a handset would: GSM-7 (extension characters such as ``€`` or ``{``
count twice) in 160 per single message and 153 per part of a long one; any other character (Chinese,
emoji) switches the whole message to UCS-2: 70 single, 67 per part, counted in UTF-16 code units.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from api.templates.parameters import MemberFacts, Token, substitute, value_of

GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = "^{}\\[~]|€\f"
_GSM7 = frozenset(GSM7_BASIC)
_GSM7_EXT = frozenset(GSM7_EXTENSION)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")
_NEWLINES = re.compile(r"[\r\n]+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True)
class SmsCount:
    """Length in the encoding's units and how many SMS parts the text needs."""

    encoding: str  # "GSM-7" or "UCS-2"
    length: int
    segments: int


def sms_count(text: str) -> SmsCount:
    """The SMS encoding, length and segment count of ``text`` (0 segments for an empty text)."""
    if all(c in _GSM7 or c in _GSM7_EXT for c in text):
        length = sum(2 if c in _GSM7_EXT else 1 for c in text)
        single, part, enc = 160, 153, "GSM-7"
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, part, enc = 70, 67, "UCS-2"
    if length == 0:
        return SmsCount(enc, 0, 0)
    segments = 1 if length <= single else -(-length // part)
    return SmsCount(enc, length, segments)


def plain_value(value: str) -> str:
    """A value for a plain-text channel: one line, no control characters, no lone surrogates."""
    return _SURROGATE.sub("", _CONTROL.sub("", _NEWLINES.sub(" ", value)))


def render_plain(tokens: list[Token], facts: MemberFacts) -> str:
    return substitute(tokens, lambda name: plain_value(value_of(name, facts)))


def render_subject(tokens: list[Token], facts: MemberFacts) -> str:
    """An email subject: one line whatever the template or the values hold."""
    return _NEWLINES.sub(" ", render_plain(tokens, facts)).strip()


def render_html(tokens: list[Token], facts: MemberFacts) -> str:
    """The HTML part of an email: literal text and values escaped, blank lines separate paragraphs."""
    marked = substitute(
        [Token(html.escape(t.text, quote=True)) if t.param is None else t for t in tokens],
        lambda name: html.escape(plain_value(value_of(name, facts)), quote=True),
    )
    paragraphs = [p for p in re.split(r"\r?\n\s*\r?\n", marked) if p.strip()]
    return "".join(f"<p>{p.strip().replace(chr(10), '<br>')}</p>" for p in paragraphs)
