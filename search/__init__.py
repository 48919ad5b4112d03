"""Search: one interface over Elasticsearch 8 and the embedded SQLite FTS5 backend."""
