"""The extraction pipeline: file → text → mentions + document info → resolutions.

This is the one place that wires `nlp` to `kg`; the CLI, ingest and the web app
call it rather than the stages themselves.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from cancu.kg.model import Resolution
from cancu.kg.registry.instruments import Registry, default_registry_dir
from cancu.kg.registry.resolve import Resolver
from cancu.nlp.citations import Gazetteer, KnownName, extract_mentions
from cancu.nlp.document import read_document_info
from cancu.nlp.model import DocumentInfo, SourceText
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
        norm = normalize(source.text)
        info = read_document_info(source.text, normalized=norm)
        mentions = extract_mentions(source.text, names=self.names, own_type=info.type,
                                    own_symbol=info.symbol, from_offset=info.summary_end or 0,
                                    normalized=norm)
        stated = [m.date for m in mentions if m.date and not m.embedded]
        if stated:
            info.not_before = max(stated)
        resolutions = self.resolver.resolve_document(mentions, info)
        tasks = None
        if obligations:
            # Basis symbols: the resolved symbol, so a law cited by name counts too.
            basis = [replace(r.mention, symbol=r.mention.symbol or r.symbol) for r in resolutions]
            tasks = extract_obligations(source, mentions=basis, issuer=info.issuer, normalized=norm)
        return ExtractedDocument(source, info, resolutions, tasks)
