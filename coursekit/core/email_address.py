"""What counts as an email address in the course settings and on the command line:
one RFC 5322 addr-spec in dot-atom form, ASCII only (RFC 5322 section 3.4.1; no
comments, quoted local parts or domain literals, which mail services reject anyway).
"""

from __future__ import annotations

import re

ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
ADDR_SPEC = re.compile(rf"{ATEXT}(?:\.{ATEXT})*@{LABEL}(?:\.{LABEL})*", re.ASCII)


def address_problem(text: str) -> str | None:
    """Why `text` is not one plain address, or None when it is."""
    if any(c.isspace() or ord(c) < 32 or c == "\x7f" for c in text):
        return "contains a space, tab, line break or control character"
    if not text.isascii():
        return "has characters outside ASCII (write an international domain in its xn-- form)"
    if text.count("@") != 1:
        return "must hold exactly one '@'" if "@" in text else "has no '@'"
    if not ADDR_SPEC.fullmatch(text):
        if any(c in text for c in ',;<>()[]"\\:'):
            return "must be a single address, without names, lists, brackets or comments"
        return "is not a valid address (check for dots at the start or end, or two in a row)"
    return None
