"""The app's JSON answers (`jsonify`) written by orjson. A chain's answer is close to a
megabyte and a search's a few hundred values: the standard library's encoder took about
a twentieth of a loaded worker's CPU at 10k documents (py-spy), orjson a fraction of it.

The bytes are those Flask's own provider wrote with ensure_ascii and sort_keys off (as
web/app.py set them) and compact separators: UTF-8, keys in insertion order, keys that
are not strings written as strings, a newline at the end; dates, decimals, UUIDs and
dataclasses go to Flask's own conversion (a date as an HTTP date, as before). Pretty
printing (debug, or `compact = False`) and `dumps` (the templates' `tojson`) stay Flask's."""
from __future__ import annotations

from typing import Any

import orjson
from flask.json.provider import DefaultJSONProvider

_OPTIONS = (orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
            | orjson.OPT_APPEND_NEWLINE)


class FastJSONProvider(DefaultJSONProvider):
    ensure_ascii = False
    sort_keys = False

    def response(self, *args: Any, **kwargs: Any):
        if self.compact is False or (self.compact is None and self._app.debug) or self.sort_keys \
                or self.ensure_ascii:
            return super().response(*args, **kwargs)
        obj = self._prepare_response_obj(args, kwargs)
        return self._app.response_class(orjson.dumps(obj, default=self.default, option=_OPTIONS),
                                         mimetype=self.mimetype)
