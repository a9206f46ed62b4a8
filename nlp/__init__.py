"""Reading and understanding Vietnamese administrative text.

Everything here works on plain text and returns plain typed objects with
character offsets into the original text. Nothing here knows about RDF,
storage, search indexes or screens.
"""
