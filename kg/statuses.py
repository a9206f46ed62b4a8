"""The status words a page shows beside an instrument or a citation.

An instrument's status on a day comes from the registry in time (`cancu.kg.registry.instruments.Status.code`,
docs/ARCHITECTURE.md § Registry in time); a citation's status in a document is one of
`MENTION_STATUSES` (`cancu.kg.queries.reports.document_view`): stale when a finding says its basis no
longer stands, in force when the registry vouches for it today, unresolved when it names
no instrument, unknown otherwise.
"""
from __future__ import annotations

INSTRUMENT_STATUSES = ("not_yet_in_force", "in_force", "partly_amended", "no_longer_in_force", "unknown")
MENTION_STATUSES = ("in_force", "stale", "unresolved", "unknown")
