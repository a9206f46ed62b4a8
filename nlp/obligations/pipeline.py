"""The spaCy frame: a blank Vietnamese `Language` with a syllable tokenizer whose token
norms are the folded forms, and a component that marks agency mentions.

Only rules run here (regex tokenisation, a PhraseMatcher): word segmentation by
underthesea costs ~1 s per plan and the extractor does not need it.
"""
from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from cancu.nlp.obligations.agencies import AgencyMatcher
from cancu.nlp.text.fold import fold_text

# Symbols that contain a digit stay whole ("82/NQ-HĐND", "10/6", "217-QĐ/TW"): a body's
# abbreviation inside a document symbol is not a mention of that body.
_TOKEN = re.compile(r"\d[\w]*(?:[/.\-][\w]+)+|\w+|[^\w\s]")


class SyllableTokenizer:
    """Splits Vietnamese text into syllables and punctuation; norm = folded syllable."""

    def __init__(self, vocab):
        self.vocab = vocab
        # Words whose lexeme already carries its folded form as norm. A token's norm falls
        # back to its lexeme's, so each distinct word is folded once per process instead
        # of once per token (a third of obligation extraction's time went to per-token norms).
        self._normed: set[str] = set()

    def __call__(self, text: str) -> Doc:
        # Only words and punctuation become tokens; line breaks and runs of spaces inside a
        # name ("Ủy ban nhân \n\ndân xã") must not break a phrase match, so the Doc is
        # built over single-spaced tokens and each token's offsets into `text` are kept
        # in doc.user_data["offsets"]. What separated each token from the one before is
        # kept too: a TAB ends a table cell (no name runs across it); a line break may fall
        # inside a wrapped name.
        words, offsets, tab, nl = [], [], [], []
        prev = 0
        for m in _TOKEN.finditer(text):
            start, end = m.span()
            words.append(m.group(0))
            offsets.append((start, end))
            gap = text[prev:start]
            tab.append("\t" in gap)
            nl.append("\n" in gap)
            prev = end
        for word in set(words) - self._normed:
            self.vocab[word].norm_ = fold_text(word)
            self._normed.add(word)
        doc = Doc(self.vocab, words=words, spaces=[True] * len(words))
        doc.user_data["offsets"] = offsets
        doc.user_data["tab_before"] = tab
        doc.user_data["newline_before"] = nl
        return doc

    # spaCy serialises tokenizers; this one has no state beyond the vocab.
    def to_bytes(self, **kwargs):
        return b""

    def from_bytes(self, data, **kwargs):
        return self

    def to_disk(self, path, **kwargs):
        pass

    def from_disk(self, path, **kwargs):
        return self


if not Span.has_extension("agency"):
    Span.set_extension("agency", default=None)
if not Span.has_extension("obligation"):
    Span.set_extension("obligation", default=None)


@Language.factory("cancu_agencies")
def _make_agency_component(nlp: Language, name: str):
    return AgencyMatcher(nlp)


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = SyllableTokenizer(nlp.vocab)
    nlp.add_pipe("cancu_agencies")
    return nlp
