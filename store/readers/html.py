"""HTML pages: decoded with their charset, main text through trafilatura (for precision), boilerplate dropped, non-articles refused.

A page's bytes are decoded here (byte-order mark, then the charset the server declared, then the
page's own ``<meta>``/XML declaration, then a detector), and trafilatura is handed the text, so
a page that declares a wrong charset is not read as mojibake. trafilatura's main-text
extraction runs with ``favor_precision`` unless ``recall`` is asked for; what it lets through
that is not the article is removed from its text ("Read more:"/"Related:" lines, all-capital
headlines of other stories, a block repeated further down), home and index pages are refused,
and outlets and byline words are dropped from the authors.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from store.readers.common import ReadFailure, make_article, normalise_text, read_limited
from store.records import Article

MIN_ARTICLE_WORDS = 5

# ----- charsets ------------------------------------------------------------------------------

# How far into a page its <meta charset> is looked for (pages put it after long <script>s).
CHARSET_PRESCAN_BYTES = 16 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with UTF-16 LE's
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml\b[^>]*>", re.I)

# Labels that browsers read as another encoding (the WHATWG Encoding Standard): a page that
# says "iso-8859-1" is written in windows-1252, "shift_jis" in windows-31j, and so on.
_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "big5": "big5hkscs",
}
# Encodings used on the web, the only ones the detector may choose from: left free it picks
# rare cousins (iso8859_10 for a Polish page) whose statistics happen to score better.
WEB_ENCODINGS = [
    "utf_8",
    "cp1250",
    "cp1251",
    "cp1252",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "iso8859_2",
    "iso8859_5",
    "iso8859_7",
    "iso8859_13",
    "iso8859_15",
    "koi8_r",
    "koi8_u",
    "cp874",
    "cp932",
    "euc_jp",
    "gb18030",
    "big5hkscs",
    "cp949",
]


def _codec(label: bytes | str | None, *, in_page: bool = False) -> str | None:
    """The Python codec for a charset label, or None when it names none."""
    if label is None:
        return None
    name = (label.decode("ascii", "ignore") if isinstance(label, bytes) else label).strip()
    name = _ALIASES.get(name.lower(), name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # A page whose bytes hold its own <meta> in ASCII is not UTF-16, whatever it says.
    if in_page and codec.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return codec


def declared_charsets(data: bytes, http_charset: str | None = None) -> list[str]:
    """The charsets a page declares, strongest first: the server's, then the page's own."""
    found: list[str] = []
    head = data[:CHARSET_PRESCAN_BYTES]
    for codec in (
        _codec(http_charset),
        _codec(m[1], in_page=True) if (m := _XML_ENCODING.match(head)) else None,
        _codec(m[1], in_page=True) if (m := _META_CHARSET.search(head)) else None,
    ):
        if codec and codec not in found:
            found.append(codec)
    return found


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes  # lazily: only a page that declares no charset

    best = from_bytes(data, cp_isolation=WEB_ENCODINGS).best()
    if best is None:
        return data.decode("utf-8", errors="replace")
    return str(best)


def decode_html(data: bytes, http_charset: str | None = None) -> str:
    """A page's text: a byte-order mark wins, then the declared charsets, then a detector.

    A declared charset whose strict decoding fails is a wrong declaration: the next one, then
    the detector, decides. A page declared as a legacy charset whose bytes are valid UTF-8 with
    non-ASCII characters is UTF-8 mislabelled (by chance, legacy text is almost never valid
    UTF-8), so it is read as UTF-8 rather than as mojibake.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                break
    declared = declared_charsets(data, http_charset)
    if declared:
        if declared[0] != "utf-8" and not data.isascii():
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                pass
        for codec in declared:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                continue
    else:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return _detect(data)


# ----- the page's shape: is it an article at all? -----------------------------------------------

# Share of a page's text inside links above which it is "mostly links". Measured on real pages:
# articles with big menus reach 0.6 (with 8+ sentences, over a tenth of the page's text); home
# pages 0.58 and 0.76, with 1 to 6 sentences making under a tenth of the page's text.
MAX_LINK_SHARE = 0.5
# With that much link text, a page needs this many sentences of prose to be an article...
MIN_PROSE_SENTENCES = 5
# ...or, when its main text is under this share of the page's text, this many.
MIN_MAIN_SHARE = 0.1
MIN_PROSE_SENTENCES_SMALL = 8
# A home page of headline links and one-line teasers: the main text is a list, and the page
# has that many list items (or story cards) with a link and a teaser beside it.
MIN_LIST_ITEMS = 10
MAX_LIST_SHARE = 0.6
# A teaser item: a link with at least this many words beside it (a nav item has none).
MIN_TEASER_WORDS = 5
# ...or paragraphs cut off with an ellipsis or a "»" to the full story.
MIN_TEASERS = 3
MAX_TEASER_SHARE = 0.25

# Full stops of scripts that space their words need a space after; "。" does not.
_SENTENCE_END = re.compile(r"[.!?।။][\"'”’)\]]*(?=\s|$)|[。！？][」』”’)）]*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_TEASER_END = re.compile(r"(?:…|\.\.\.|»|›)\s*$")
_NOT_TEXT = ("script", "style", "noscript", "template", "svg", "head")


def page_shape(html: str) -> tuple[int, int, int]:
    """A page's visible text and the text inside its links (in non-space characters), and its
    teaser items: list items or story cards holding a link and a few words beside it."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (ValueError, lxml.etree.ParserError):
        return 0, 0, 0
    lxml.etree.strip_elements(root, *_NOT_TEXT, with_tail=False)
    total = _chars(" ".join(root.itertext()))
    links = sum(_chars(" ".join(a.itertext())) for a in root.iter("a"))
    teasers = 0
    for item in root.iter("li", "article"):
        anchors = list(item.iter("a"))
        if anchors:
            beside = len(" ".join(item.itertext()).split())
            beside -= sum(len(" ".join(a.itertext()).split()) for a in anchors)
            teasers += beside >= MIN_TEASER_WORDS
    return total, links, teasers


def _chars(text: str) -> int:
    return len("".join(text.split()))


def _words(text: str) -> int:
    """Words in ``text``, counting each Chinese, Japanese or Korean character as one."""
    cjk = len(_CJK.findall(text))
    return len(_CJK.sub(" ", text).split()) + cjk


def _prose_sentences(lines: list[str]) -> int:
    count = 0
    for line in lines:
        if _words(line) >= 8:
            count += max(1, len(_SENTENCE_END.findall(line)))
    return count


def not_an_article(
    text: str, page_chars: int, link_chars: int, teasers: int, *, says_article: bool = False
) -> str | None:
    """Why a page whose main text is ``text`` is a home or index page, or None for an article.

    The other arguments measure the whole page (``page_shape``); ``says_article`` is a page that
    calls itself an article (og:type), which is believed over its share of links: a short story
    on a page full of menus is still a story.
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not lines or not page_chars:
        return None
    share = link_chars / page_chars
    if share > MAX_LINK_SHARE and not says_article:
        sentences = _prose_sentences(lines)
        small = _chars(text) < MIN_MAIN_SHARE * page_chars
        if sentences < (MIN_PROSE_SENTENCES_SMALL if small else MIN_PROSE_SENTENCES):
            return f"mostly links ({share:.0%} of its text), {sentences} sentences of prose"
    items = [line for line in lines if line.startswith("- ")]
    item_share = sum(map(len, items)) / max(1, sum(map(len, lines)))
    if len(items) >= MIN_LIST_ITEMS and item_share > MAX_LIST_SHARE and teasers >= MIN_LIST_ITEMS:
        return f"a list of {len(items)} links and teasers"
    teasers = sum(1 for line in lines if _TEASER_END.search(line))
    if teasers >= MIN_TEASERS and teasers >= MAX_TEASER_SHARE * len(lines):
        return f"{teasers} teasers cut off to link to other stories"
    return None


# ----- boilerplate in the main text ------------------------------------------------------------

# A line that points at another story: the marker alone, or followed by ":", a dash, "|" or "»".
_BOILERPLATE_LINE = re.compile(
    r"""^\W*(?:
        read\s+more | read\s+also | also\s+read | read\s+next | see\s+also
        | related(?:\s+(?:stories|story|articles|article|coverage|content|topics|links|reading|news|video))?
        | more\s+on\s+this\s+story | more\s+stories | recommended(?:\s+(?:stories|reading|for\s+you))?
        | most\s+(?:read|popular|viewed|shared) | you\s+may\s+also\s+like | don't\s+miss
        | advertisement | sponsored(?:\s+content)? | share\s+this\s+(?:article|story)
    )\s*(?:[:|»›\-–—].*)?$""",
    re.I | re.X,
)
# An all-capital line of a few words is a headline of another story, a kicker or a section
# label, never the article's prose (only when most of the text is not in capitals).
_MAX_CAPS_WORDS = 15
# A repeated line this long is the same block again (a print copy), not a refrain.
MIN_REPEAT_CHARS = 20


def _all_caps(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    # Every letter a capital: scripts without case (Thai, Chinese) have no capitals at all.
    return (
        len(letters) >= 10
        and 3 <= len(line.split()) <= _MAX_CAPS_WORDS
        and all(ch.isupper() for ch in letters)
    )


def clean_main_text(text: str) -> str:
    """The main text without pointers to other stories, stray all-capital headlines and repeats.

    Lines are paragraphs in trafilatura's text; the first copy of a repeated paragraph is kept.
    """
    lines = text.split("\n")
    caps = sum(1 for line in lines if _all_caps(line))
    drop_caps = caps * 2 < sum(1 for line in lines if line.strip())
    seen: set[str] = set()
    kept: list[str] = []
    for line in lines:
        key = " ".join(line.split()).casefold()
        if _BOILERPLATE_LINE.match(line) or (drop_caps and _all_caps(line)):
            continue
        if len(key) >= MIN_REPEAT_CHARS:
            if key in seen:
                continue
            seen.add(key)
        kept.append(line)
    return "\n".join(kept).strip("\n")


# ----- authors ---------------------------------------------------------------------------------


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that make a byline part not a person: a role, or a news organisation.
_NOT_A_PERSON = _word_set(
    """staff staffer writer writers reporter reporters correspondent correspondents editor editors
    editorial contributor contributors columnist desk newsroom bureau agency agencies wire wires
    team admin administrator webmaster sponsored submitted posted published updated press
    associated reuters ap afp upi dpa efe ansa nast gannett hearst mcclatchy
    cnn bbc nbc cbs abc msnbc cnbc npr pbs bloomberg xinhua tass kyodo yonhap aap pti ians
    the"""
)
# Words that together (all of a part's words) name a desk or an outlet: "CNN Business",
# "Senior Correspondent", "Daily News".
_OUTLET_WORDS = _NOT_A_PERSON | _word_set(
    """news media online digital business politics sport sports times post journal herald
    tribune daily weekly magazine network group senior chief associate contributing special
    international national political science technology tech health entertainment world
    markets money guest service services and of for"""
)
_SITE_PARTS = re.compile(r"\s[|:\-–—]\s|\|")
_BY = re.compile(r"^\s*(?:(?:written|words|reporting|report|text|story)\s+)?by\b[:\s]*", re.I)
_SPLIT_AUTHORS = re.compile(r"\s*(?:[|,;/&]|\band\b|\bund\b|\bet\b|\s[-–—]\s)\s*", re.I)


def clean_authors(raw: str | None, outlets: tuple[str | None, ...] = ()) -> list[str]:
    """People's names from trafilatura's author string ("A; B"): roles and outlets dropped.

    "By Jane Doe and John Roe | Reuters" gives Jane Doe and John Roe; "CNN Business", "Staff
    writer" and the page's own site name give nobody.
    """
    if not raw:
        return []
    # The site's name, and each part of a name like "Example | Your local news".
    own = {
        "".join(part.split()).casefold()
        for o in outlets
        if o
        for part in (o, *_SITE_PARTS.split(o))
        if part.strip()
    }
    names: list[str] = []
    for part in _SPLIT_AUTHORS.split(raw):
        name = " ".join(_BY.sub("", part).split()).strip(" .:-–—")
        words = [w.strip(".,'’()").casefold() for w in name.split()]
        if not words or len(words) > 6 or not any(ch.isupper() for ch in name):
            continue
        if any(ch.isdigit() for ch in name) or "@" in name or "://" in name:
            continue
        if "".join(name.split()).casefold() in own or words[0] == "the":
            continue
        if any(w in _NOT_A_PERSON for w in words) or all(w in _OUTLET_WORDS for w in words):
            continue
        if name not in names:
            names.append(name)
    return names


# ----- the reader ------------------------------------------------------------------------------


def article_from_html(
    path: Path,
    data: bytes,
    *,
    url: str | None = None,
    fallback_date: str | None = None,
    charset: str | None = None,
    recall: bool = False,
) -> Article:
    """The article in one page's bytes (a file, a WARC response, a fetched page); raises ReadFailure.

    ``url`` is where the page came from (it wins over the page's own claim only when the page has
    none); ``fallback_date`` (a fetch date) is used when the page states no date; ``charset`` is
    the one the server declared; ``recall`` favours taking more text over taking only the article.
    """
    if not data.strip():
        raise ReadFailure("empty file")
    if b"\x00" in data[:4096] and not data.startswith(tuple(bom for bom, _ in _BOMS[1:])):
        raise ReadFailure("binary file (contains NUL bytes), not a web page")
    # lxml refuses a str that carries an XML encoding declaration; the text is decoded already.
    html = _XML_DECLARATION.sub("", decode_html(data, charset), count=1)
    import trafilatura  # lazily: only HTML needs it

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            favor_precision=not recall,
            favor_recall=recall,
        )
    except Exception as exc:  # trafilatura/lxml raise many types on hostile markup
        raise ReadFailure(f"could not parse the page ({type(exc).__name__})") from exc
    raw_text = getattr(doc, "text", None) if doc is not None else None
    text = clean_main_text(raw_text) if raw_text else ""
    # A few words ("enable JavaScript", a cookie notice) are not an article.
    if _words(text) < MIN_ARTICLE_WORDS:
        raise ReadFailure("no article text found in the page")
    says_article = str(getattr(doc, "pagetype", None) or "").lower() == "article"
    if why := not_an_article(text, *page_shape(html), says_article=says_article):
        raise ReadFailure(f"not an article (a home or index page: {why})")
    sitename = getattr(doc, "sitename", None)
    hostname = getattr(doc, "hostname", None)
    return make_article(
        path,
        normalise_text(text),
        title=getattr(doc, "title", None),
        date_value=getattr(doc, "date", None) or fallback_date,
        source=sitename or hostname,
        url=url or getattr(doc, "url", None),
        authors=clean_authors(getattr(doc, "author", None), (sitename, hostname)),
    )


def read_html(path: Path, size: int, *, recall: bool = False) -> tuple[list[Article], list[str]]:
    """The article in an HTML page (maybe compressed); offsets refer to the extracted main text."""
    return [article_from_html(path, read_limited(path, size), recall=recall)], []
