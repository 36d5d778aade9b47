"""The read model's matching form of text: the one fold search uses (``store.folding``).

``fold("İstanbul") == "istanbul"``, ``fold("Straße") == "strasse"``, ``fold("ﬁnance") ==
"finance"``, ``fold("ＡＢＣ") == "abc"``. The index and the highlights must fold alike, so
this module only re-exports ``store.folding.fold``; the full-text index strips diacritics itself.
"""

from __future__ import annotations

from store.folding import fold

__all__ = ["fold"]
