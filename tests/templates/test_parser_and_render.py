"""The template tokenizer, SMS counting and per-channel escaping (no database)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from api.core.errors import DomainError
from api.members.models import Member
from api.templates.parameters import MemberFacts, Token, tokenize
from api.templates.render import render_html, render_plain, render_subject, sms_count


def _errors(text: str) -> list[tuple[tuple[str, ...], str]]:
    with pytest.raises(DomainError) as exc:
        tokenize(text)
    return [(e.field, e.message) for e in exc.value.errors]


def test_parameters_and_literal_text_are_split_with_offsets() -> None:
    tokens = tokenize("Hi {customer_name}, from {store_name}!")
    assert tokens == [Token("Hi "), Token("{customer_name}", "customer_name", 3), Token(", from "),
                      Token("{store_name}", "store_name", 25), Token("!")]


def test_double_braces_are_literal_braces() -> None:
    assert tokenize("{{customer_name}} costs {{1}}") == [Token("{customer_name} costs {1}")]
    assert [t.param for t in tokenize("{{{customer_name}}}")] == [None, "customer_name", None]


def test_unknown_parameter_names_itself_and_its_offset() -> None:
    [(field, message)] = _errors("Dear {customer_name}, use {coupon_code} now")
    assert field == ("input", "text")
    assert "coupon_code" in message and "offset 26" in message


def test_unclosed_and_unmatched_braces_give_their_offsets() -> None:
    [(_, message)] = _errors("Hi {customer_name")
    assert "Unclosed" in message and "offset 3" in message
    [(_, message)] = _errors("Hi {guide_name {store_name}")
    assert "offset 3" in message
    [(_, message)] = _errors("a } b")
    assert "Unmatched" in message and "offset 2" in message


def test_every_problem_is_reported_at_once_and_empty_name_is_unknown() -> None:
    errors = _errors("{} and {nope} and }")
    assert [m.split(" at offset ")[1].split(".")[0].split(":")[0] for _, m in errors] == ["0", "7", "18"]


def test_empty_text_has_no_tokens() -> None:
    assert tokenize("") == []


@pytest.mark.parametrize(("text", "length", "segments", "encoding"), [
    ("a" * 160, 160, 1, "GSM-7"),
    ("a" * 161, 161, 2, "GSM-7"),
    ("a" * 306, 306, 2, "GSM-7"),
    ("a" * 307, 307, 3, "GSM-7"),
    ("€" * 80, 160, 1, "GSM-7"),  # extension characters count twice
    ("中" * 70, 70, 1, "UCS-2"),
    ("中" * 71, 71, 2, "UCS-2"),
    ("中" * 134, 134, 2, "UCS-2"),
    ("中" * 135, 135, 3, "UCS-2"),
    ("a" * 69 + "中", 70, 1, "UCS-2"),  # one Chinese character makes the whole text UCS-2
    ("", 0, 0, "GSM-7"),
])
def test_sms_length_and_segments(text: str, length: int, segments: int, encoding: str) -> None:
    count = sms_count(text)
    assert (count.length, count.segments, count.encoding) == (length, segments, encoding)


def _facts(name: str) -> MemberFacts:
    member = Member(id=1, name=name, points_balance=0, registered_at=datetime(2026, 1, 1, tzinfo=UTC))
    return MemberFacts(member=member, store_name="A&B <Store>")


HOSTILE = '<script>alert("x")</script> & "Bob"\n\nBcc: evil@example.com'


def test_email_html_escapes_values_and_text_and_makes_paragraphs() -> None:
    tokens = tokenize("Dear {customer_name} <b>,\n\nWelcome to {store_name}.\nBye")
    out = render_html(tokens, _facts(HOSTILE))
    assert "<script>" not in out and "&lt;script&gt;" in out and "&quot;Bob&quot;" in out
    assert "&lt;b&gt;" in out  # the template's own text is escaped too
    assert out.startswith("<p>Dear ") and out.count("<p>") == 2 and "<br>Bye</p>" in out
    assert "A&amp;B &lt;Store&gt;" in out


def test_email_subject_is_one_line_whatever_the_value() -> None:
    subject = render_subject(tokenize("Hello {customer_name}"), _facts(HOSTILE))
    assert "\n" not in subject and "\r" not in subject and subject.startswith("Hello <script>")


def test_plain_text_keeps_characters_but_not_new_lines_or_controls() -> None:
    out = render_plain(tokenize("Hi {customer_name}!\nSee you"), _facts('Zoë "\x07<b>\r\nX'))
    assert out == 'Hi Zoë "<b> X!\nSee you'


def test_wechat_text_survives_json() -> None:
    out = render_plain(tokenize("{customer_name}"), _facts('a"\\\ud800b\x00'))
    assert json.loads(json.dumps({"value": out}))["value"] == out == 'a"\\b'
