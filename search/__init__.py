"""Full-text index of documents and passages, and query understanding.

    from cancu.search import open_index
    with open_index(path) as idx:            # whoosh, or CANCU_SEARCH_BACKEND=tantivy
        idx.index_documents(docs)
        for hit in idx.search("nghi dinh 59 tuyen truyen").hits: ...
"""
from cancu.search.index import SearchIndex, open_index
from cancu.search.model import (FacetCount, Highlight, IndexDocument, InstrumentHit, ParsedQuery,
                                Passage, SearchHit, SearchResult)

__all__ = ["open_index", "SearchIndex", "SearchResult", "SearchHit", "ParsedQuery",
           "IndexDocument", "Passage", "InstrumentHit", "FacetCount", "Highlight"]
