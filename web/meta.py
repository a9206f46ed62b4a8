"""Document metadata for lists and filters (title, type, issuer, year), from the
services' one query over every document (`Services.document_list`), so pages need
not open every document. A checkpoint never changes, so the list is read once per
checkpoint (web/cache.py), not per request: the query takes a quarter of a second
at 1,000 documents."""
from __future__ import annotations

from typing import TYPE_CHECKING

from cancu.contract.services import Services
from cancu.web.cache import per_checkpoint

if TYPE_CHECKING:
    from cancu.contract.views import DocumentMeta


def documents(services: Services) -> list[DocumentMeta]:
    """Every document, by id; the same list object for the same checkpoint (do not change it)."""
    return per_checkpoint(services, "meta.documents", services.document_list)


def by_id(services: Services) -> dict[str, DocumentMeta]:
    return per_checkpoint(services, "meta.by_id", lambda: {d.id: d for d in documents(services)})


def by_iri(services: Services) -> dict[str, DocumentMeta]:
    return per_checkpoint(services, "meta.by_iri", lambda: {d.iri: d for d in documents(services)})
