"""The pages' Jinja environment: Flask's, with one faster rule for rows that are dicts."""
from __future__ import annotations

from typing import Any

from flask.templating import Environment

# What a dict answers as an attribute (its methods): a template's `row.items` stays the method.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class PageEnvironment(Environment):
    def getattr(self, obj: Any, attribute: str) -> Any:
        """`row.title` of a dict row. Jinja asks for the attribute and, on the AttributeError,
        for the key; a dict has no attributes but its methods, so the key is read first: the
        same value or undefined, without raising and catching an exception (an audit page at
        10k documents reads some 850 such fields)."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)
