"""The vocabularies a page shows, taken from where they are defined, so the web
app keeps no copy: finding kinds (kg/data/finding_kinds.tsv), statuses
(cancu.kg.statuses), chain directions (cancu.kg.views), deadline wording, and the
formats of SPARQL results (cancu.kg.sparql.format), and the first look at a SPARQL
query's text the endpoint takes before it sends the query (cancu.kg.sparql.text: its
form, for choosing a format; an update or SERVICE, for a quick clear refusal)."""
from __future__ import annotations

from cancu.kg.audit.findings import LANGS as FINDING_LANGS, FindingKind, is_stale, severity
from cancu.kg.audit.findings import label as finding_label
from cancu.kg.sparql.format import ALIASES as SPARQL_FORMAT_ALIASES
from cancu.kg.sparql.format import GRAPH_FORMATS as SPARQL_GRAPH_FORMATS
from cancu.kg.sparql.format import SELECT_FORMATS as SPARQL_SELECT_FORMATS
from cancu.kg.sparql.text import forbidden_keyword, projected_variables, query_form
from cancu.kg.statuses import INSTRUMENT_STATUSES, MENTION_STATUSES
from cancu.kg.views import CHAIN_DIRECTIONS, deadline_text

# The legend's order: what stands, what stands in part, what no longer stands for
# this document, what does not stand yet, what is not known, what was not identified.
LEGEND_STATUSES = ("in_force", "partly_amended", "stale", "not_yet_in_force", "unknown", "unresolved")

__all__ = ["FINDING_LANGS", "FindingKind", "finding_label", "is_stale", "severity", "SPARQL_FORMAT_ALIASES", "SPARQL_GRAPH_FORMATS",
           "SPARQL_SELECT_FORMATS", "INSTRUMENT_STATUSES", "MENTION_STATUSES", "CHAIN_DIRECTIONS",
           "deadline_text", "LEGEND_STATUSES", "forbidden_keyword", "projected_variables", "query_form"]
