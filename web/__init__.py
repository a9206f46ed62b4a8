"""The Flask app: pages, JSON API and the SPARQL endpoint."""
