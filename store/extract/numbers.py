"""Number words and scales as tables: shared by the figure extractor and the read model's query.

Loading this module reads four small data files and nothing else, so parsing a query
("over 2 million") never loads an extractor. The figure rules read them through
``store.extract.figures.lexicon``.
"""

from __future__ import annotations

from store.extract.lexicons import load_table, load_words

NUMBER_WORDS: dict[str, float] = {
    k.lower(): float(v) for k, v in load_table("figures_number_words.tsv").items()
}
SCALES: dict[str, float] = {
    k.lower(): float(v) for k, v in load_table("figures_scales.tsv").items()
}
ORDINALS: dict[str, float] = {
    k.lower(): float(v) for k, v in load_table("figures_ordinals.tsv").items()
}
FRACTIONS: dict[str, float] = {
    k.lower(): float(v) for k, v in load_table("figures_fractions.tsv").items()
}
# Scale words that can follow a spelled-out or digit number as whole words.
WORD_SCALES: frozenset[str] = frozenset(load_words("figures_word_scales"))

__all__ = ["FRACTIONS", "NUMBER_WORDS", "ORDINALS", "SCALES", "WORD_SCALES"]
