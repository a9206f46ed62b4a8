"""Reading a SPARQL request's text without a parser: is it read-only, which
query form is it, which variables does it project.

The store's query method cannot run updates at all (updates go through another
call), so the read-only check is a second wall that also gives a clear message.
"""
from __future__ import annotations

import re

UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

_STRING = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\r\n]|\\.)*"|\'(?:[^\'\\\r\n]|\\.)*\'')
# IRIREF excludes only these and U+0000–U+0020: U+00A0 and other Unicode spaces
# belong to an IRI (so a '#' after them is inside it, not a comment).
_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
# A comment ends at a line feed or a carriage return (SPARQL 1.1 § 19.4).
_COMMENT = re.compile(r"#[^\r\n]*")
_VARIABLE = re.compile(r"[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+")
_PREFIXED = re.compile(r"[\w.-]*:[\w.:%-]*")
_WORD = re.compile(r"[A-Za-z]+")


def skeleton(query: str) -> str:
    """The query with strings, IRIs, comments, variables and prefixed names blanked out,
    so only keywords and punctuation remain (in order)."""
    out, i = [], 0
    # Strings, IRIs and comments are scanned together: a '#' inside a string is no comment.
    pattern = re.compile(f"{_STRING.pattern}|{_IRI.pattern}|{_COMMENT.pattern}")
    for m in pattern.finditer(query):
        out.append(query[i:m.start()])
        out.append(" ")
        i = m.end()
    out.append(query[i:])
    text = "".join(out)
    text = _VARIABLE.sub(" ?v ", text)
    return _PREFIXED.sub(" ", text)


def forbidden_keyword(query: str) -> str | None:
    """The first update keyword or SERVICE in the query, if any."""
    for word in _WORD.findall(skeleton(query)):
        upper = word.upper()
        if upper in UPDATE_KEYWORDS or upper == "SERVICE":
            return upper
    return None


def query_form(query: str) -> str | None:
    for word in _WORD.findall(skeleton(query)):
        upper = word.upper()
        if upper in FORMS:
            return upper
        if upper not in ("PREFIX", "BASE"):
            return None
    return None


def projected_variables(query: str) -> list[str]:
    """The variables a SELECT projects, in order (empty for SELECT *)."""
    # Work on the query with strings/IRIs/comments blanked but variables kept.
    pattern = re.compile(f"{_STRING.pattern}|{_IRI.pattern}|{_COMMENT.pattern}")
    text = pattern.sub(" ", query)
    m = re.search(r"\bSELECT\b(?:\s+(?:DISTINCT|REDUCED)\b)?(.*?)(?:\bWHERE\b|\{|\bFROM\b)", text, re.I | re.S)
    if not m:
        return []
    projection, names, depth, i = m.group(1), [], 0, 0
    for m2 in re.finditer(r"\(|\)|\bAS\s+[?$](\w+)|[?$](\w+)", projection, re.I):
        tok = m2.group(0)
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
        elif m2.group(1):
            names.append(m2.group(1))
        elif depth == 0:
            names.append(m2.group(2))
    return list(dict.fromkeys(names))
