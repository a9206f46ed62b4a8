"""The pages' Jinja environment reads a dict row's fields by key first (web/templating.py):
what a template gets must be what Jinja's own rule gives."""
from __future__ import annotations

from flask import Flask

from cancu.web.templating import PageEnvironment


class _Row(dict):
    """A dict subclass may have attributes of its own: left to Jinja's rule."""
    title = "attribute"


def test_dict_fields_read_as_jinjas_rule_reads_them():
    fast = PageEnvironment(Flask(__name__))
    jinjas = super(PageEnvironment, fast).getattr       # the rule of the class it overrides
    rows = [{"title": "Kế hoạch 12", "items": 3, "get": "key", "year": None}, {}, _Row(title="key")]
    for row in rows:
        for name in ("title", "items", "get", "year", "missing", "keys", "__class__"):
            mine, theirs = fast.getattr(row, name), jinjas(row, name)
            if isinstance(theirs, fast.undefined):
                assert isinstance(mine, fast.undefined), (row, name)
            else:
                assert mine == theirs, (row, name)


def test_the_app_renders_with_it():
    from cancu.web.app import create_app

    class _NoServices:
        pass
    app = create_app(_NoServices(), config={"TESTING": True})
    assert isinstance(app.jinja_env, PageEnvironment)
    assert app.jinja_env.from_string("{{ r.title }}·{{ r.items()|list|length }}·{{ r.none }}").render(
        r={"title": "Luật", "x": 1}) == "Luật·2·"
