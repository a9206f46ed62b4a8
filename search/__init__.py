"""Full-text index of documents and passages, and query understanding."""
