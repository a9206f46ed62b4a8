"""Names of the index fields, shared by both backends and the query planner.

Every document is stored as one "doc" entry (whole text, title, metadata) and
one "passage" entry per passage (passage text plus the document's metadata,
so filters apply to passages too). Text fields hold pre-analysed terms
separated by spaces (see `cancu.search.analysis`).
"""
from __future__ import annotations

UID = "uid"                    # doc_id \x1f kind \x1f start: unique per entry
DOC_ID = "doc_id"
KIND = "kind"                  # "doc" | "passage"
PATH = "path"
TITLE = "title"
TEXT = "text"                  # stored original text of the entry
START = "start"
END = "end"
PASSAGE_KIND = "passage_kind"

# Scored text fields.
WORDS = "words"                # accented syllables
BIGRAMS = "bigrams"            # accented syllable bigrams (the segmented field)
FOLDED = "folded"              # folded syllables
FOLDED_BIGRAMS = "folded_bigrams"
TITLE_TERMS = "title_terms"    # accented syllables and bigrams of the title (doc entries)
TITLE_FOLDED = "title_folded"
AGENCIES = "agencies"          # folded syllables and bigrams of agency names
ISSUER_TEXT = "issuer_text"    # folded syllables (coquan: filter) and bigrams (ranking) of the issuer

# Keyword fields (exact terms).
SYMBOLS = "symbols"            # folded cited symbols of the document, with variants
LOCAL_SYMBOLS = "local_symbols"  # those cited in this entry's own text
INSTRUMENTS = "instruments"    # cited instrument IRIs
TYPE_KEY = "type_key"          # "ke_hoach"
PROVINCE_KEY = "province_key"
YEAR = "year"                  # "2025"
DATE = "date"                  # ISO date
STALE = "stale"                # "yes" | "no"

# Display values for facets (doc entries).
TYPE = "type"
ISSUER = "issuer"
CITED = "cited"                # cited symbols as written in normalised form

TEXT_FIELDS = (WORDS, BIGRAMS, FOLDED, FOLDED_BIGRAMS, TITLE_TERMS, TITLE_FOLDED,
               AGENCIES, ISSUER_TEXT)
KEYWORD_FIELDS = (SYMBOLS, LOCAL_SYMBOLS, INSTRUMENTS, TYPE_KEY, PROVINCE_KEY, YEAR,
                  DATE, STALE, KIND, DOC_ID)
FACET_FIELDS = {"type": TYPE, "year": YEAR, "issuer": ISSUER, "instrument": CITED}
