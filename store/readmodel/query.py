"""The query language: text -> a typed syntax tree, or a one-line ``QueryError``.

Grammar (``OR`` / ``AND`` / ``NOT`` are keywords only in upper case)::

    query   := or?                         an empty query matches everything
    or      := and ("OR" and)*
    and     := unary (["AND"] unary)*      terms side by side must all match
    unary   := ("-" | "NOT ") unary | atom
    atom    := "(" or ")" | "phrase" | field | value | money | word
    field   := NAME ":" (TEXT | "phrase")  NAME in speaker role entity type kind unit
                                           currency source title path date lang
    value   := "value" (">=" | ">" | "<=" | "<" | "=" | ":") amount
             | "value:" amount ".." amount      (either end may be left out)
    money   := a bare amount with a currency mark: £1bn, $2.5m, €3bn..€5bn
    amount  := [mark] number [scale] ["%"]      mark £ $ € ¥ US$ GBP… ; scale k m bn tn…
    date    := yyyy | yyyy-mm | yyyy-mm-dd | date ".." date | (">=" | ">" | "<=" | "<") date

A word matches a word of the text that starts with it (from three letters on;
shorter words match whole words); a phrase matches its words in sequence (across
line breaks). Text is compared in folded form (NFKC + casefold): ``istanbul``
finds "İstanbul", ``strasse`` finds "Straße".
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from store.extract.lexicons import load_table
from store.extract.numbers import SCALES
from store.readmodel.fold import fold
from store.sanitize import one_line
from store.search import KIND_ALIASES, MIN_PREFIX, TYPE_ALIASES, QueryError

__all__ = [
    "FIELDS",
    "And",
    "DateRange",
    "EntityName",
    "EntityType",
    "Everything",
    "Kind",
    "Lang",
    "Node",
    "Not",
    "Or",
    "PathPart",
    "Phrase",
    "QueryError",
    "Role",
    "SourcePart",
    "Speaker",
    "Title",
    "Unit",
    "ValueRange",
    "Word",
    "leaves",
    "parse",
    "word_tokens",
]

FIELDS = (
    "speaker",
    "role",
    "entity",
    "type",
    "kind",
    "unit",
    "currency",
    "source",
    "title",
    "path",
    "date",
    "lang",
    "value",
)
# Past these a query is refused rather than compiled into SQL SQLite would reject.
MAX_DEPTH = 40
MAX_TERMS = 200


# ----------------------------------------------------------------------------- the tree


@dataclass(frozen=True, slots=True)
class Everything:
    """The empty query: every article, every item."""


@dataclass(frozen=True, slots=True)
class Word:
    """One folded word; ``prefix``: it also matches longer words that start with it."""

    text: str
    prefix: bool


@dataclass(frozen=True, slots=True)
class Phrase:
    """Folded words that must occur in this order, next to each other."""

    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Speaker:
    """``speaker:`` — quotes whose speaker has these words (each a prefix unless ``phrase``)."""

    words: tuple[str, ...]
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class Role:
    """``role:`` — quotes whose speaker's role has these words."""

    words: tuple[str, ...]
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class EntityName:
    """``entity:`` — entities whose canonical name has these words."""

    words: tuple[str, ...]
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class EntityType:
    """``type:`` — entities of this type (stored name, upper case: PERSON, ORG…)."""

    type: str


@dataclass(frozen=True, slots=True)
class Kind:
    """``kind:`` — figures of this kind (money, percent…)."""

    kind: str


@dataclass(frozen=True, slots=True)
class Unit:
    """``unit:`` / ``currency:`` — figures with this stored unit (GBP, USD, %, km…)."""

    unit: str


@dataclass(frozen=True, slots=True)
class Title:
    """``title:`` — articles whose title has these words (a phrase when quoted)."""

    words: tuple[str, ...]
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class SourcePart:
    """``source:`` — articles whose source (the outlet) contains this folded text."""

    text: str


@dataclass(frozen=True, slots=True)
class PathPart:
    """``path:`` — articles whose file path contains this folded text (the folder, say)."""

    text: str


@dataclass(frozen=True, slots=True)
class Lang:
    """``lang:`` — articles in this language (``en`` also matches ``en-GB``)."""

    code: str


@dataclass(frozen=True, slots=True)
class DateRange:
    """``date:`` — articles dated in [lo, hi) ('yyyy-mm-dd'; None: open on that side)."""

    lo: str | None
    hi: str | None


@dataclass(frozen=True, slots=True)
class ValueRange:
    """Figures whose value lies between ``lo`` and ``hi`` (None: open), in ``unit`` if given."""

    lo: float | None
    lo_inclusive: bool
    hi: float | None
    hi_inclusive: bool
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


Node: TypeAlias = (
    Everything
    | Word
    | Phrase
    | Speaker
    | Role
    | EntityName
    | EntityType
    | Kind
    | Unit
    | Title
    | SourcePart
    | PathPart
    | Lang
    | DateRange
    | ValueRange
    | Not
    | And
    | Or
)


def leaves(node: Node) -> Iterator[Node]:
    """Every term of the tree (not And/Or/Not), left to right."""
    if isinstance(node, And | Or):
        for child in node.children:
            yield from leaves(child)
    elif isinstance(node, Not):
        yield from leaves(node.child)
    else:
        yield node


# ----------------------------------------------------------------------------- words

# The full-text tokenizer (unicode61) keeps letters and digits and splits on the rest
# ("_" included): words here are cut the same way, so a word always names an FTS token.
_WORD = re.compile(r"[^\W_]+")


def word_tokens(text: str) -> list[str]:
    """The folded words of ``text``, cut as the full-text index cuts them."""
    return _WORD.findall(fold(text))


# ----------------------------------------------------------------------------- amounts


def _currency_marks() -> dict[str, str]:
    """Currency mark or code as written -> ISO code, from the figure extractor's tables."""
    return dict(load_table("figures_currency_symbols.tsv"))


def _unit_names() -> dict[str, str]:
    """What a user may write after ``unit:`` (folded) -> the unit as stored on figures."""
    names: dict[str, str] = {}
    for name, rest in load_table("figures_units.tsv").items():
        stored = rest.split("\t")[0].strip()
        names[fold(name)] = stored
        names[fold(stored)] = stored
    for name, rest in load_table("figures_currency_words.tsv").items():
        names[fold(name)] = rest.split("\t")[0].strip()
    for mark, code in _currency_marks().items():
        names[fold(mark)] = code
        names[fold(code)] = code
    for alias in ("%", "percent", "per cent", "percentage", "pct"):
        names[alias] = "%"
    return names


_MARKS = _currency_marks()
_UNITS = _unit_names()
# Marks longest first, so "US$" is read before "$"; letter codes match in any case.
_MARK_RE = "|".join(re.escape(m) for m in sorted(_MARKS, key=len, reverse=True))
_SCALE_RE = "|".join(re.escape(s) for s in sorted(SCALES, key=len, reverse=True))
_AMOUNT = re.compile(
    rf"(?P<mark>{_MARK_RE})?\s?(?P<num>[+-]?(?:[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)"
    rf"(?:e[+-]?[0-9]+)?)(?P<scale>{_SCALE_RE})?(?P<pct>%)?",
    re.IGNORECASE,
)
_NUMBER_SHAPE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?|[0-9]*\.?[0-9]*")
_MONEY_START = re.compile(rf"(?:{_MARK_RE})[0-9.]")
_AMOUNT_HELP = "an amount such as 1e9, 1.5bn, 50%, £1bn or $2m (suffixes k m bn tn, %)"


def _mark_code(mark: str) -> str | None:
    code = _MARKS.get(mark)
    if code is None:  # "gbp1bn", "usd2m": codes in any case
        code = next((c for m, c in _MARKS.items() if m.lower() == mark.lower()), None)
    return code


def _amount(text: str, where: str) -> tuple[float, str | None]:
    """(value, unit or None) of one amount like ``£1.5bn``, ``50%``, ``2e9``."""
    m = _AMOUNT.fullmatch(text.strip())
    num = m.group("num").lstrip("+-") if m else ""
    mantissa = re.split(r"[eE]", num)[0]
    if not m or not _NUMBER_SHAPE.fullmatch(mantissa) or not any(c.isdigit() for c in num):
        raise QueryError(f"'{text}' in {where} is not an amount; use {_AMOUNT_HELP}")
    value = float(m.group("num").replace(",", ""))
    if m.group("scale"):
        value *= SCALES[m.group("scale").lower()]
    if not math.isfinite(value):
        raise QueryError(f"'{text}' in {where} is too large; use {_AMOUNT_HELP}")
    unit: str | None = None
    if m.group("mark"):
        unit = _mark_code(m.group("mark"))
    if m.group("pct"):
        if unit is not None:
            raise QueryError(f"'{text}' in {where} has both a currency and %; use one")
        unit = "%"
    return value, unit


_COMPARE = re.compile(r"(>=|<=|>|<|=)?(.*)", re.DOTALL)


def _value_range(op: str, spec: str, where: str) -> ValueRange:
    """The figures ``value<op><spec>`` selects (op ':' allows a range or a comparison)."""
    if op == ":":
        m = _COMPARE.fullmatch(spec)
        assert m is not None
        if m.group(1):
            op, spec = m.group(1), m.group(2)
        elif ".." in spec:
            lo_text, _, hi_text = spec.partition("..")
            if not lo_text and not hi_text:
                raise QueryError(f"empty range in {where}; write a..b, a.. or ..b")
            lo = _amount(lo_text, where) if lo_text else None
            hi = _amount(hi_text, where) if hi_text else None
            units = {u for u in (lo and lo[1], hi and hi[1]) if u}
            if len(units) > 1:
                raise QueryError(f"two units in {where}; both ends must use the same unit")
            if lo and hi and lo[0] > hi[0]:
                raise QueryError(f"range {where} runs backwards; write the smaller amount first")
            return ValueRange(
                lo and lo[0], True, hi and hi[0], True, units.pop() if units else None
            )
        else:
            op = "="
    if not spec:
        raise QueryError(f"{where} needs {_AMOUNT_HELP}")
    value, unit = _amount(spec, where)
    if op == "=":
        return ValueRange(value, True, value, True, unit)
    if op in (">", ">="):
        return ValueRange(value, op == ">=", None, False, unit)
    return ValueRange(None, False, value, op == "<=", unit)


# ----------------------------------------------------------------------------- dates

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?")
_DATE_HELP = "use yyyy, yyyy-mm or yyyy-mm-dd, a range a..b, or >=, >, <=, < before a date"


def _period(text: str, where: str) -> tuple[str, str | None]:
    """[first day, day after the last) of the year, month or day ``text`` names."""
    m = _DATE.fullmatch(text)
    if not m:
        raise QueryError(f"bad date '{text}' in {where}; {_DATE_HELP}")
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    try:
        if year < 1:
            raise ValueError("year 0")
        if month is None:
            first = _dt.date(year, 1, 1)
            after = _dt.date(year + 1, 1, 1) if year < 9999 else None
        elif day is None:
            first = _dt.date(year, month, 1)
            if month == 12:
                after = _dt.date(year + 1, 1, 1) if year < 9999 else None
            else:
                after = _dt.date(year, month + 1, 1)
        else:
            first = _dt.date(year, month, day)
            after = None if first == _dt.date.max else first + _dt.timedelta(days=1)
    except ValueError:
        raise QueryError(f"no such date '{text}' in {where}; {_DATE_HELP}") from None
    return first.isoformat(), after.isoformat() if after else None


def _date_range(op: str, spec: str, where: str) -> DateRange:
    if op == ":":
        m = _COMPARE.fullmatch(spec)
        assert m is not None
        if m.group(1) and m.group(1) != "=":
            op, spec = m.group(1), m.group(2)
        elif m.group(1) == "=":
            spec = m.group(2)
    if not spec:
        raise QueryError(f"{where} needs a date; {_DATE_HELP}")
    if op in (":", "=") and ".." in spec:
        lo_text, _, hi_text = spec.partition("..")
        if not lo_text and not hi_text:
            raise QueryError(f"empty range in {where}; {_DATE_HELP}")
        lo = _period(lo_text, where)[0] if lo_text else None
        hi = _period(hi_text, where)[1] if hi_text else None
        if lo and hi and lo >= hi:
            raise QueryError(f"range {where} runs backwards; write the earlier date first")
        return DateRange(lo, hi)
    first, after = _period(spec, where)
    if op in (":", "="):
        return DateRange(first, after)
    if op == ">=":
        return DateRange(first, None)
    if op == ">":
        if after is None:
            raise QueryError(f"no date comes after {spec} in {where}")
        return DateRange(after, None)
    if op == "<":
        return DateRange(None, first)
    return DateRange(None, after)  # "<="


# ----------------------------------------------------------------------------- fields


def _resolve(field: str, value: str, aliases: dict[str, str], what: str) -> str:
    """The stored name for a type/kind ``value``: exact, or the one name its prefix fits."""
    key = fold(value)
    if key in aliases:
        return aliases[key]
    fits = {name for alias, name in aliases.items() if alias.startswith(key)}
    if len(fits) == 1:
        return fits.pop()
    valid = ", ".join(dict.fromkeys(aliases.values()))
    raise QueryError(f"unknown {what} '{value}' in {field}:{value}; use one of: {valid}")


def _unit(field: str, value: str) -> Unit:
    key = fold(value).strip()
    stored = _UNITS.get(key)
    if stored is None:
        stored = _UNITS.get(" ".join(word_tokens(value)))
    if stored is None:
        raise QueryError(
            f"unknown unit '{value}' in {field}:{value}; use a currency code or mark "
            "(GBP, USD, EUR, £, $, €…), %, or a measure (km, kg, mile…)"
        )
    return Unit(stored)


_LANG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*")
_FIELDS_HELP = ", ".join(f"{f}:" for f in FIELDS if f != "value") + ", value>= value<= value:a..b"


def _field(name: str, value: str, quoted: bool, raw: str) -> Node | None:
    """The node for ``name:value`` (``value`` as typed; ``quoted``: it was a "phrase")."""
    if name in ("value", "date"):
        if name == "value":
            return _value_range(":", value, raw)
        return _date_range(":", value, raw)
    if not value.strip():
        raise QueryError(f"{name}: needs a value, as in {name}:{_EXAMPLES[name]}")
    if name == "type":
        return EntityType(_resolve(name, value, TYPE_ALIASES, "entity type").upper())
    if name == "kind":
        return Kind(_resolve(name, value, KIND_ALIASES, "figure kind"))
    if name in ("unit", "currency"):
        return _unit(name, value)
    if name == "source":
        return SourcePart(fold(value).strip())
    if name == "path":
        return PathPart(fold(value).strip())
    if name == "lang":
        code = fold(value).strip()
        if not _LANG.fullmatch(code):
            raise QueryError(f"bad language '{value}' in {raw}; use a code such as en or en-gb")
        return Lang(code)
    words = tuple(word_tokens(value))
    if not words:
        raise QueryError(f"{raw} has no letters or digits; use {name}:{_EXAMPLES[name]}")
    kinds: dict[str, type[Speaker | Role | EntityName | Title]] = {
        "speaker": Speaker,
        "role": Role,
        "entity": EntityName,
        "title": Title,
    }
    # Several words in one unquoted value were joined by punctuation ("al-qaeda"): a phrase.
    return kinds[name](words, quoted or len(words) > 1)


_EXAMPLES = {
    "speaker": "blair",
    "role": "minister",
    "entity": "microsoft",
    "type": "person",
    "kind": "money",
    "unit": "GBP",
    "currency": "GBP",
    "source": "bbc",
    "title": "election",
    "path": "politics",
    "lang": "en",
}


# ----------------------------------------------------------------------------- tokens

_QUOTES = {'"': '"', "\u201c": "\u201d", "\u201e": "\u201d", "\u201d": "\u201d"}
_STOP = set(' \t\n\r\f\v()"\u201c\u201d\u201e')
_FIELD_TERM = re.compile(r"(?i)([a-z_]+)(:|>=|<=|>|<|=)(.*)", re.DOTALL)
_UNKNOWN_FIELD = re.compile(r"(?i)([a-z_]+):([^/].*)?", re.DOTALL)


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # "(" ")" "OR" "AND" "NOT" "-" "term" "phrase" "field-phrase"
    text: str = ""
    field: str = ""


def _lex(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "()":
            toks.append(_Tok(c))
            i += 1
        elif c in _QUOTES:
            body, i = _phrase(text, i)
            toks.append(_Tok("phrase", body))
        elif c == "-" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] not in ")-":
            toks.append(_Tok("-"))
            i += 1
        else:
            j = i
            while j < n and text[j] not in _STOP:
                j += 1
            if j == i:  # a lone closing quote mark
                raise QueryError(f'unexpected {text[i]!r}: a phrase starts with "')
            term = text[i:j]
            i = j
            field = _FIELD_TERM.fullmatch(term)
            if (
                field
                and field.group(2) == ":"
                and not field.group(3)
                and i < n
                and text[i] in _QUOTES
            ):
                body, i = _phrase(text, i)
                toks.append(_Tok("field-phrase", body, field.group(1).lower()))
            elif term in ("OR", "AND", "NOT"):
                toks.append(_Tok(term))
            else:
                toks.append(_Tok("term", term))
    return toks


def _phrase(text: str, i: int) -> tuple[str, int]:
    """The body of the phrase whose opening mark is at ``i``, and the index after it."""
    closers = {'"', "\u201d"}
    j = i + 1
    while j < len(text) and text[j] not in closers:
        j += 1
    if j >= len(text):
        shown = text[i : i + 30] + ("…" if len(text) - i > 30 else "")
        raise QueryError(f'unclosed quote in {shown}; end the phrase with "')
    return text[i + 1 : j], j + 1


# ----------------------------------------------------------------------------- parser


class _Parser:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.i = 0
        self.depth = 0
        self.terms = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def parse(self) -> Node:
        if not self.toks:
            return Everything()
        node = self.or_()
        tok = self.peek()
        if tok is not None:
            assert tok.kind == ")"
            raise QueryError("unmatched ')'; every ')' closes an earlier '('")
        return node if node is not None else Everything()

    def or_(self) -> Node | None:
        first = self.and_()
        if first is None and (self.peek() or _Tok("")).kind == "OR":
            raise QueryError("OR needs a term before it, as in blair OR brown")
        parts = [first]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.i += 1
            nxt = self.and_()
            if nxt is None:
                raise QueryError("OR needs a term after it, as in blair OR brown")
            parts.append(nxt)
        if len(parts) == 1:
            return first
        children: list[Node] = []
        for p in parts:
            assert p is not None
            children.extend(p.children if isinstance(p, Or) else (p,))
        return Or(tuple(children))

    def and_(self) -> Node | None:
        items: list[Node] = []
        seen = False
        while (tok := self.peek()) is not None and tok.kind not in (")", "OR"):
            if tok.kind == "AND":
                self.i += 1
                if not seen or (nxt := self.peek()) is None or nxt.kind in (")", "OR", "AND"):
                    raise QueryError("AND needs a term on each side, as in blair AND brown")
                continue
            seen = True
            node = self.unary()
            if node is not None:
                if isinstance(node, And):
                    items.extend(node.children)
                else:
                    items.append(node)
        if not items:
            return None
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self) -> Node | None:
        tok = self.peek()
        assert tok is not None
        if tok.kind in ("-", "NOT"):
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in (")", "OR", "AND"):
                raise QueryError(
                    f"{tok.kind} needs a term after it, as in -word, NOT word or -speaker:blair"
                )
            self.enter()
            child = self.unary()
            self.depth -= 1
            return None if child is None else Not(child)
        return self.atom()

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"query nested too deeply (more than {MAX_DEPTH} levels)")

    def atom(self) -> Node | None:
        tok = self.toks[self.i]
        self.i += 1
        if tok.kind == "(":
            self.enter()
            inner = self.or_()
            close = self.peek()
            if close is None or close.kind != ")":
                raise QueryError("unclosed '('; add the matching ')'")
            self.i += 1
            self.depth -= 1
            if inner is None:
                raise QueryError("empty parentheses '()'; put terms inside or remove them")
            return inner
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryError(f"too many terms (more than {MAX_TERMS}); shorten the query")
        if tok.kind == "phrase":
            words = tuple(word_tokens(tok.text))
            if not words:
                raise QueryError(f'empty phrase "{tok.text}"; put words between the quotes')
            return Phrase(words)
        if tok.kind == "field-phrase":
            if tok.field not in FIELDS:
                raise QueryError(f"unknown field '{tok.field}:'; the fields are {_FIELDS_HELP}")
            return _field(tok.field, tok.text, True, f'{tok.field}:"{tok.text}"')
        return _term(tok.text)


def _term(term: str) -> Node | None:
    """A bare term: a field, a comparison, an amount with a currency mark, or words."""
    m = _FIELD_TERM.fullmatch(term)
    if m:
        name, op, value = m.group(1).lower(), m.group(2), m.group(3)
        if name == "value":
            return _value_range(op, value, term)
        if name == "date":
            return _date_range(op, value, term)
        if op == ":" and name in FIELDS:
            return _field(name, value, False, term)
        if op != ":" and name in FIELDS:
            raise QueryError(
                f"'{term}': only value and date: take {op}; use {name}:{_EXAMPLES.get(name, '…')}"
            )
    unknown = _UNKNOWN_FIELD.fullmatch(term)
    if unknown:
        raise QueryError(f"unknown field '{unknown.group(1)}:'; the fields are {_FIELDS_HELP}")
    if _MONEY_START.match(term) or (term[:1] in "£€$¥" and len(term) > 1):
        if ".." in term:
            return _value_range(":", term, term)
        return _value_range("=", term, term)
    words = word_tokens(term)
    if not words:
        return None  # punctuation alone ("&", "—"): nothing to match, as in the text
    if len(words) == 1:
        return Word(words[0], len(words[0]) >= MIN_PREFIX)
    return Phrase(tuple(words))  # "e-mail", "don't": the words as written, side by side


def parse(text: str) -> Node:
    """The syntax tree of ``text``; raises ``QueryError`` (one line) for anything else."""
    try:
        return _Parser(_lex(text)).parse()
    except QueryError as exc:  # messages quote the query: keep them one clean line
        raise QueryError(one_line(str(exc))) from None
