"""Index analysis done ahead of writing, so it can run in ingest worker processes."""
from __future__ import annotations

from dataclasses import replace

from cancu.search.entries import document_entries
from cancu.search.model import IndexDocument
from cancu.search.restore import count_syllables


def prepare(doc: IndexDocument, segmenter: str = "bigram") -> IndexDocument:
    """The document with its index entries and restorer counts computed."""
    return replace(doc, entries=document_entries(doc, segmenter),
                   restore_counts=count_syllables(doc.title + "\n" + doc.text))
