"""The vocabularies a page shows, taken from where they are defined, so the web
app keeps no copy: finding kinds (kg/data/finding_kinds.tsv), statuses
(kg.statuses), chain directions (kg.task_views), deadline wording, and the
formats of SPARQL results (kg.sparql_format), and the first look at a SPARQL
query's text the endpoint takes before it sends the query (kg.sparql_text: its
form, for choosing a format; an update or SERVICE, for a quick clear refusal)."""
from __future__ import annotations

from kg.findings import LANGS as FINDING_LANGS, FindingKind, is_stale, severity
from kg.sparql_format import ALIASES as SPARQL_FORMAT_ALIASES
from kg.sparql_format import GRAPH_FORMATS as SPARQL_GRAPH_FORMATS
from kg.sparql_format import SELECT_FORMATS as SPARQL_SELECT_FORMATS
from kg.sparql_text import forbidden_keyword, projected_variables, query_form
from kg.statuses import INSTRUMENT_STATUSES, MENTION_STATUSES
from kg.task_views import CHAIN_DIRECTIONS, deadline_text

# The legend's order: what stands, what stands in part, what no longer stands for
# this document, what does not stand yet, what is not known, what was not identified.
LEGEND_STATUSES = ("in_force", "partly_amended", "stale", "not_yet_in_force", "unknown", "unresolved")

__all__ = ["FINDING_LANGS", "FindingKind", "is_stale", "severity", "SPARQL_FORMAT_ALIASES", "SPARQL_GRAPH_FORMATS",
           "SPARQL_SELECT_FORMATS", "INSTRUMENT_STATUSES", "MENTION_STATUSES", "CHAIN_DIRECTIONS",
           "deadline_text", "LEGEND_STATUSES", "forbidden_keyword", "projected_variables", "query_form"]
