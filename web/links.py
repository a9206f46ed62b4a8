"""`url_for` for templates, the same URLs made faster. A list page links each of
its rows to a document, an instrument, a chain: some two hundred links a page,
and each went through the whole route map (a fifth of an audit or obligations
page's CPU at 10k documents). Here a link is the URL built once per request for
its endpoint and value names, around a placeholder for each value, with each value
quoted in its place the way the route's converter (a path part) or werkzeug's query
string (any other name) quotes it; anything else goes to Flask's url_for. What is
built once is kept by the request's script root, all a relative URL takes from the
request (the app matches no hosts or subdomains)."""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote_plus

from flask import Flask, current_app, request
from werkzeug.routing import BaseConverter

# Placeholders no quoting changes, the value's place in the call between the words.
_MARK = re.compile(r"cancuLinkValue(\d+)x")
# What werkzeug leaves unescaped in a query string (werkzeug.urls._urlencode).
_QUERY_SAFE = "!$'()*,/:;?@"


def init_app(app: Flask) -> None:
    flask_url_for = app.url_for
    # Built once: the rule of each endpoint that has only one (several rules: Flask chooses).
    rules: dict[str, Any] = {}
    made: dict[tuple, Any] = {}
    for rule in app.url_map.iter_rules():
        rules[rule.endpoint] = None if rule.endpoint in rules else rule

    def url_for(endpoint: str, /, **values: Any) -> str:
        if app.url_default_functions or endpoint.startswith("."):
            return flask_url_for(endpoint, **values)
        if not values:
            return _known(made, ("", endpoint), lambda: flask_url_for(endpoint))
        rule = rules.get(endpoint)
        if rule is None:
            return flask_url_for(endpoint, **values)
        quoting = []
        for name, value in values.items():
            if name.startswith("_") or type(value) not in (str, int):
                return flask_url_for(endpoint, **values)
            converter = rule._converters.get(name)
            if converter is not None and type(converter).to_url is not BaseConverter.to_url:
                return flask_url_for(endpoint, **values)     # a converter of its own (int, any…): as Flask does
            quoting.append(converter)
        names = tuple(values)
        pieces = _known(made, (names, endpoint), lambda: _pieces(
            flask_url_for(endpoint, **{name: f"cancuLinkValue{i}x" for i, name in enumerate(names)}), len(names)))
        if pieces is None:
            return flask_url_for(endpoint, **values)
        given = list(values.values())
        out = [pieces[0]]
        for at, text in pieces[1]:
            value, converter = given[at], quoting[at]
            if converter is not None:
                out.append(converter.to_url(value))
            else:       # what urlencode([(name, value)]) writes after "name=", without its loop
                out.append(quote_plus(str(value), safe=_QUERY_SAFE))
            out.append(text)
        return "".join(out)

    app.jinja_env.globals["url_for"] = url_for
    app.extensions["cancu.links"] = url_for


def url_for(endpoint: str, /, **values: Any) -> str:
    """The same, from Python: a chain's outline and picture link hundreds of nodes."""
    return current_app.extensions["cancu.links"](endpoint, **values)


def _pieces(url: str, count: int) -> tuple[str, list[tuple[int, str]]] | None:
    """The URL built with placeholders as (its text before the first, [(which value, the
    text after it)] in the URL's order); None unless each value stands in it once."""
    parts = _MARK.split(url)
    places = [int(i) for i in parts[1::2]]
    if sorted(places) != list(range(count)):
        return None
    return parts[0], list(zip(places, parts[2::2]))


def _known(made: dict, key: tuple, build):
    """What `build` makes for `key` under this request's script root, made once."""
    full = (request.script_root, *key)
    found = made.get(full, _UNMADE)
    if found is _UNMADE:
        if len(made) > _KEPT:       # script roots a proxy may pass on: never without bound
            made.clear()
        found = made[full] = build()
    return found


_KEPT = 1000
_UNMADE = object()
