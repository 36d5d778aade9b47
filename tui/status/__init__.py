"""The status line: scope, what is loaded, ingest progress."""
