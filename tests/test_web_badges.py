"""The row pieces of the list pages (web/badges.py): labels in the page's language,
links to the legend and the instrument, and every value from a document escaped."""
from __future__ import annotations

import pytest

from cancu.web import badges
from cancu.web.app import create_app
from cancu.web.display import TASK_CHARS
from cancu.web.i18n import strings


@pytest.fixture(scope="module")
def app():
    return create_app(object(), config={"RESPONSE_CACHE_SIZE": 0})


def _kind_with_label(prefix: str) -> tuple[str, dict[str, str]]:
    key = next(k for k in sorted(strings()) if k.startswith(prefix) and not k.startswith("legend_"))
    return key[len(prefix):], strings()[key]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_finding_badge_names_the_finding_in_the_pages_language(app, lang):
    kind, label = _kind_with_label("finding_")
    with app.test_request_context(f"/audit?lang={lang}"):
        app.preprocess_request()
        html = str(badges.finding_badge(kind))
    assert html.startswith(f'<a class="finding-link f-{kind}" href="/legend#finding-{kind}" title="')
    assert f">{label[lang]}</a>" in html.replace("&#39;", "'")


def test_a_status_badge_links_its_meaning_and_none_is_nothing(app):
    code, label = _kind_with_label("status_")
    with app.test_request_context("/"):
        app.preprocess_request()
        assert str(badges.status_badge(code)).startswith(f'<a class="badge st-{code}" href="/legend#status-{code}"')
        assert badges.status_badge(None) == "" and badges.status_badge("") == ""


def test_a_code_without_a_label_shows_itself_escaped(app):
    with app.test_request_context("/"):
        app.preprocess_request()
        assert badges.finding_label("no_such_kind") == "no_such_kind"
        assert "f-&lt;b&gt;" in badges.finding_badge("<b>")
        assert "&lt;b&gt;</a>" in badges.finding_badge("<b>")


def test_long_tasks_are_shortened_and_escaped_with_the_whole_one_click_away(app):
    hostile = "<script>alert(1)</script> & "
    long_task = hostile + "Ủy ban nhân dân xã báo cáo kết quả " * (TASK_CHARS // 20)
    with app.test_request_context("/"):
        short = str(badges.long_text(hostile))
        assert short == "&lt;script&gt;alert(1)&lt;/script&gt; &amp;"      # spaces folded, as shorten does
        whole = str(badges.long_text(long_task))
        assert whole.startswith('<details class="more"><summary title="&lt;script&gt;')
        assert "<script>" not in whole and whole.count("&lt;script&gt;") == 3   # title, head, whole
        assert "…</summary><p>" in whole
        assert badges.long_text(None) == ""


def test_an_instrument_link_needs_an_iri(app):
    with app.test_request_context("/"):
        assert badges.instrument_link(None, "<i>59/2023</i>") == "&lt;i&gt;59/2023&lt;/i&gt;"
        link = str(badges.instrument_link("https://cancu.vn/eli/vn/nd/2023/59", "59/2023/NĐ-CP"))
        assert link == '<a href="/instrument?iri=https://cancu.vn/eli/vn/nd/2023/59">59/2023/NĐ-CP</a>'
