"""Compatibility entry point: ``from store.reader import read_paths`` (the code is in store.readers)."""

from store.readers import ReadError, SourceFile, discover, read_file, read_paths

__all__ = ["ReadError", "SourceFile", "discover", "read_file", "read_paths"]
