"""An issuer or one agency name read on its own, through the spaCy frame: the document's
issuer scopes every agency (its level names bodies written without one), and a name typed
by a user is matched the way a document's is.

Kept apart from `agencies` (the matcher component the frame is built with), so the frame
imports the component and this module imports the frame, with no circle.
"""
from __future__ import annotations

import re
import unicodedata

from cancu.nlp.obligations.agencies import Issuer, entries, resolve, tidy_name
from cancu.nlp.obligations.pipeline import get_nlp
from cancu.nlp.obligations.vocab import level_words


def make_issuer(name: str | None) -> Issuer:
    if not name:
        return Issuer(None, None, None)
    doc = get_nlp()(unicodedata.normalize("NFC", name))
    spans = list(doc.spans["agencies"])
    level = None
    low = unicodedata.normalize("NFC", name).lower()
    for lv in level_words():
        if re.search(r"(?<!\w)" + re.escape(lv) + r"(?!\w)", low) and not (lv == "xã" and "xã hội" in low):
            level = lv
            break
    if spans:
        hit = spans[0]._.agency
        level = hit.level or level
        return Issuer(name, entries()[hit.entry].name(level), level)
    return Issuer(name, tidy_name(name), level)


def normalize_agency(text: str, issuer: str | Issuer | None = None) -> str:
    """The canonical name of one agency as written ("Phòng Văn hoá - Xã hội xã" →
    "Phòng Văn hóa - Xã hội"); a name the gazetteer does not know is tidied, not dropped."""
    iss = issuer if isinstance(issuer, Issuer) else make_issuer(issuer)
    doc = get_nlp()(unicodedata.normalize("NFC", text))
    spans = list(doc.spans["agencies"])
    if spans and spans[0].start == 0:
        return resolve(spans[0]._.agency, iss)
    return tidy_name(text)
