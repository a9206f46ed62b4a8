"""Users' SPARQL, run safely: the read-only check (guard), limits and answer types
(run), the walls around the process (sandbox), the worker process (worker) and
the server's pool of them (pool); results written as SPARQL formats (format) and
the text checks of a query (text)."""
