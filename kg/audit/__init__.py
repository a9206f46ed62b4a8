"""The stale-basis audit: does what a document rests on still stand (auditor), and
the kinds of finding it reports (findings)."""
