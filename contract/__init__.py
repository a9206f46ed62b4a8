"""The seam between the web app and the rest: what the web app may ask of the
services (`cancu.contract.services.Services`, a Protocol), the views it receives
(`cancu.contract.views` and the read models of kg and search it names), the errors it
maps to HTTP statuses (`cancu.contract.errors`) and the vocabularies it shows
(`cancu.contract.vocab`). cancu.services.Services satisfies it; web imports nothing
else of cancu, kg, search or nlp (docs/ARCHITECTURE.md § Layers)."""
