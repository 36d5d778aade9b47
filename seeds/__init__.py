"""The bundled sample articles, opened when the store is empty and no path is given."""

from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent
