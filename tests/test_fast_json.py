"""The API's JSON answers are written by orjson (web/fast_json.py): the same bytes
Flask's own provider wrote for what the API returns, and the same values for the rest."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from cancu.web.fast_json import FastJSONProvider


@dataclasses.dataclass
class _Row:
    symbol: str
    day: dt.date


def _flask_default(app: Flask) -> DefaultJSONProvider:
    provider = DefaultJSONProvider(app)
    provider.ensure_ascii = False
    provider.sort_keys = False
    return provider


ANSWER = {
    "query": {"text": "Nghị định 59/2023/NĐ-CP «dân chủ» \"cơ sở\" \\ \t\n", "restored": None},
    "total": 12, "ok": True, "score": 12.375, "ratio": 0.1,
    "hits": [{"doc_id": "002.txt", "start": 0, "highlights": [{"start": 3, "end": 7}]}],
    "more": {7: 3, "x": []}, "tuple": (1, "hai"),
}


def test_the_same_bytes_as_flasks_provider_for_an_api_answer():
    app = Flask(__name__)
    with app.app_context():
        fast = FastJSONProvider(app).response(ANSWER)
        slow = _flask_default(app).response(ANSWER)
    assert fast.data == slow.data
    assert fast.mimetype == slow.mimetype == "application/json"
    assert fast.data.endswith(b"\n") and "Nghị định".encode() in fast.data


def test_dates_and_dataclasses_as_flask_writes_them_and_floats_of_the_same_value():
    app = Flask(__name__)
    odd = {"row": _Row("59/2023/NĐ-CP", dt.date(2023, 8, 14)), "when": dt.datetime(2025, 1, 2, 3, 4, 5),
           "small": 1e-7, "big": 1e16, "nothing": None}
    with app.app_context():
        fast = FastJSONProvider(app).response(odd)
        slow = _flask_default(app).response(odd)
    assert json.loads(fast.data) == json.loads(slow.data)
    assert json.loads(fast.data)["row"]["day"] == "Mon, 14 Aug 2023 00:00:00 GMT"


def test_pretty_printing_in_debug_stays_flasks():
    app = Flask(__name__)
    app.debug = True
    with app.app_context():
        fast = FastJSONProvider(app).response(ANSWER)
        slow = _flask_default(app).response(ANSWER)
    assert fast.data == slow.data and b"\n  " in fast.data


def test_the_app_answers_with_it():
    from cancu.web.app import create_app
    from tests.test_contract import _Refusing

    app = create_app(_Refusing(), config={"RESPONSE_CACHE_SIZE": 0})
    assert isinstance(app.json, FastJSONProvider)
    assert app.test_client().get("/api/v1/search?q=x").get_json()["error"]
