"""CSV cells that a spreadsheet would run as a formula ("CSV injection").

Excel, LibreOffice and Google Sheets treat a cell starting with ``=``, ``+``, ``-`` or ``@`` (and,
in some versions, a leading tab or carriage return) as a formula: ``=HYPERLINK("http://evil", "x")``
in a member's name becomes a live link in the operator's report, ``=cmd|...`` used to run commands.

Rapport's rules, after OWASP's "CSV Injection" page:

* **Imports** refuse such cells: the row is reported (row, column, "looks like a formula") and not
  stored (``looks_like_formula``). A number written with a sign or a phone number in international
  form (``+86 138 0000 0000``, ``-12.5``) is data, not a formula, and is accepted.
* **Exports**: every CSV Rapport writes goes through ``safe_cell`` / ``write_rows``, which prefix a
  formula-looking cell with ``'`` so the spreadsheet shows it as text. No other CSV writer is used.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A signed number or a phone number: digits with spaces, dashes, dots, parentheses, one leading sign.
_NUMBER = re.compile(r"^[+-]?\(?\d[\d\s\-().]*$")


def looks_like_formula(value: str) -> bool:
    """Whether a spreadsheet could run ``value`` as a formula (checked before and after stripping)."""
    if not value:
        return False
    for candidate in (value, value.strip()):
        if candidate and candidate[0] in FORMULA_PREFIXES and not _NUMBER.match(candidate.strip()):
            return True
    return False


def safe_cell(value: Any) -> str:
    """The text to write in a CSV cell: ``None`` as empty, formula-looking text prefixed with ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if looks_like_formula(text) else text


def write_rows(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A whole CSV document (with a header row), every cell through ``safe_cell``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
