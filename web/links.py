"""`url_for` for templates, the same URLs made faster. A list page links each of
its rows to a document, an instrument, a chain: some two hundred links a page,
and each went through the whole route map (a fifth of an audit or obligations
page's CPU at 10k documents). Here a link to an endpoint with one value is the
URL built once per request around a placeholder, with the value quoted in its
place the way the route's converter (a path part) or werkzeug's query string
(any other name) quotes it; anything else goes to Flask's url_for. What is built
once is kept by the request's script root, all a relative URL takes from the request
(the app matches no hosts or subdomains)."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, request
from werkzeug.routing import BaseConverter

_MARK = "cancuLinkValue"          # a placeholder no quoting changes
# What werkzeug leaves unescaped in a query string (werkzeug.urls._urlencode).
_QUERY_SAFE = "!$'()*,/:;?@"


def init_app(app: Flask) -> None:
    flask_url_for = app.url_for
    # Built once: the rule of each endpoint that has only one (several rules: Flask chooses).
    rules: dict[str, Any] = {}
    made: dict[tuple[str, str, str], Any] = {}
    for rule in app.url_map.iter_rules():
        rules[rule.endpoint] = None if rule.endpoint in rules else rule

    def url_for(endpoint: str, /, **values: Any) -> str:
        if app.url_default_functions or endpoint.startswith("."):
            return flask_url_for(endpoint, **values)
        if not values:
            return _known(made, ("", endpoint), lambda: flask_url_for(endpoint))
        if len(values) != 1:
            return flask_url_for(endpoint, **values)
        (name, value), = values.items()
        rule = rules.get(endpoint)
        if rule is None or name.startswith("_") or type(value) not in (str, int):
            return flask_url_for(endpoint, **values)
        converter = rule._converters.get(name)
        if converter is not None and type(converter).to_url is not BaseConverter.to_url:
            return flask_url_for(endpoint, **values)     # a converter of its own (int, any…): as Flask does
        parts = _known(made, (name, endpoint), lambda: flask_url_for(endpoint, **{name: _MARK}).split(_MARK))
        if len(parts) != 2:
            return flask_url_for(endpoint, **values)
        head, tail = parts
        if converter is not None:
            return head + converter.to_url(value) + tail
        return head + urlencode([(name, value)], safe=_QUERY_SAFE)[len(name) + 1:] + tail

    app.jinja_env.globals["url_for"] = url_for
    app.extensions["cancu.links"] = url_for


def url_for(endpoint: str, /, **values: Any) -> str:
    """The same, from Python: a chain's outline and picture link hundreds of nodes."""
    return current_app.extensions["cancu.links"](endpoint, **values)


def _known(made: dict, key: tuple[str, str], build):
    """What `build` makes for `key` under this request's script root, made once."""
    full = (request.script_root, *key)
    found = made.get(full)
    if found is None:
        if len(made) > _KEPT:       # script roots a proxy may pass on: never without bound
            made.clear()
        found = made[full] = build()
    return found


_KEPT = 1000
