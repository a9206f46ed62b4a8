"""The extraction pipeline: file → text → mentions + document info → resolutions.

This is the one place that wires `nlp` to `kg`; the CLI, ingest and the web app
call it rather than the stages themselves.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from cancu.kg.model import Resolution
from cancu.kg.registry.instruments import Registry, default_registry_dir
from cancu.kg.registry.resolve import Resolver
from cancu.nlp.citations import Gazetteer, KnownName, extract_mentions
from cancu.nlp.document import read_document_info
from cancu.nlp.model import DocumentInfo, Mention, SourceText
from cancu.nlp.obligations import Obligation, extract_obligations
from cancu.nlp.text.normalize import normalize


@dataclass
class ExtractedDocument:
    source: SourceText
    info: DocumentInfo
    resolutions: list[Resolution]
    obligations: list[Obligation] | None = None   # None when not asked for


@lru_cache(maxsize=4)
def load_registry(folder: str | None = None) -> Registry:
    return Registry.load(Path(folder) if folder else default_registry_dir())


def known_law_names(registry: Registry) -> list[tuple[str, str, str]]:
    """The gazetteer for the citation extractor: (type word, name, registry key)
    for every name and alias of a law, code, ordinance or constitution in the
    registry (the fields of nlp's KnownName, in its order)."""
    return registry.gazetteer()


class Extractor:
    """Reads citations out of texts, resolving them against one registry."""

    def __init__(self, registry: Registry, registry_dir: str | None = None):
        self.registry = registry
        self.registry_dir = registry_dir   # so worker processes can load the same registry
        self.resolver = Resolver(registry)
        # Compiled once: a law's name ends where the longest known name or alias ends.
        self.names = Gazetteer(KnownName(*known) for known in known_law_names(registry))

    def extract(self, source: SourceText, *, obligations: bool = False) -> ExtractedDocument:
        return self._extract_batch([source], obligations)[0]

    def extract_many(self, sources: Iterable[SourceText], *,
                     obligations: bool = False) -> Iterator[ExtractedDocument]:
        """`extract` of each source, in order, read a batch at a time (`batches`). Should
        one document of a batch fail, the batch is read again one document at a time:
        the documents before it are still given, and its error is raised where `extract`
        alone would raise it."""
        for batch in batches(sources):
            try:
                done: Iterable[ExtractedDocument] = self._extract_batch(batch, obligations)
            except Exception:
                if len(batch) == 1:
                    raise
                done = (self._extract_batch([source], obligations)[0] for source in batch)
            yield from done

    def _extract_batch(self, batch: list[SourceText], obligations: bool) -> list[ExtractedDocument]:
        """Each stage over the whole batch before the next: a stage's patterns and tables
        stay in the CPU's caches from one document to the next instead of being pushed
        out by the other stages' in between."""
        texts = [source.text for source in batch]
        norms = [normalize(text) for text in texts]
        infos = [read_document_info(text, normalized=norm) for text, norm in zip(texts, norms)]
        found = [extract_mentions(text, names=self.names, own_type=info.type, own_symbol=info.symbol,
                                  from_offset=info.summary_end or 0, normalized=norm)
                 for text, norm, info in zip(texts, norms, infos)]
        for mentions, info in zip(found, infos):
            note_stated_dates(info, mentions)
        resolved = [self.resolver.resolve_document(mentions, info) for mentions, info in zip(found, infos)]
        tasks: list[list[Obligation] | None] = [
            extract_obligations(source, mentions=obligation_basis(resolutions), issuer=info.issuer, normalized=norm)
            if obligations else None
            for source, info, norm, resolutions in zip(batch, infos, norms, resolved)]
        return [ExtractedDocument(*fields) for fields in zip(batch, infos, resolved, tasks)]


def note_stated_dates(info: DocumentInfo, mentions: list[Mention]) -> None:
    """A document is no older than the latest date its own citations state (not one
    quoted inside another instrument's title): the day its bases are judged at."""
    stated = [m.date for m in mentions if m.date and not m.embedded]
    if stated:
        info.not_before = max(stated)


def obligation_basis(resolutions: list[Resolution]) -> list[Mention]:
    """The mentions an obligation's basis is read from, each with the resolved symbol, so a
    law cited by name counts too."""
    return [replace(r.mention, symbol=r.mention.symbol or r.symbol) for r in resolutions]


# A batch of `Extractor.extract_many`: documents read stage by stage. On the real documents
# (../shared/realdocs, 3.6 MB in 269 texts), with resolution, 6.25 MB/s against 5.92 for
# `extract` one document at a time (medians of seven runs in turn); extraction alone, by
# batch size 1 / 16 / 64 / all: 7.77 / 8.57 / 8.86 / 8.93 MB/s. A batch is also bounded by
# its characters, which its working copies hold several times over until it is done.
BATCH_DOCUMENTS = 64
BATCH_CHARACTERS = 4_000_000


def batches(sources: Iterable[SourceText]) -> Iterator[list[SourceText]]:
    """The sources in order, in batches of at most BATCH_DOCUMENTS documents and, unless
    one document alone is longer, BATCH_CHARACTERS characters."""
    batch: list[SourceText] = []
    size = 0
    for source in sources:
        if batch and (len(batch) == BATCH_DOCUMENTS or size + len(source.text) > BATCH_CHARACTERS):
            yield batch
            batch, size = [], 0
        batch.append(source)
        size += len(source.text)
    if batch:
        yield batch
