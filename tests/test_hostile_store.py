"""A store from someone else is input: hostile strings, damaged records, planted links, no room to write."""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import store.db
import store.storage
from store.db import Store
from store.sanitize import has_unsafe
from store.storage import StoreCorrupt, StoreError, StoreTooNew

ARTICLES = {
    "a.txt": "Acme profits soar\n\nAcme Corp said on Tuesday that sales rose 12% to $3.2bn in "
    'London. "We are very pleased with this result," said Jane Doe, the chief executive of '
    "Acme Corp. The firm employs 4,000 people.\n",
    "b.txt": "Globex cuts jobs\n\nGlobex said it would cut 300 jobs in Paris. "
    '"It is a hard day for all of us," said John Smith, the union leader. Shares fell 4%.\n',
    "c.txt": "Initech hires\n\nInitech said it hired 120 engineers in Berlin, said Ann Lee.\n",
}
OSC52 = "\x1b]52;c;cHduZWQ=\x07"  # writes the clipboard
TITLE = "\x1b]0;pwned\x07"  # retitles the terminal
HOSTILE = [OSC52, TITLE, "\x9b2J", "\u202e", "\x1b[2J", "\x00", "\x7f", "\u2066"]


def _escapes(s: str) -> bool:
    """True when ``s`` holds a control character a terminal could obey."""
    return has_unsafe(s)


# ----- building and damaging a store ------------------------------------------------------------


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real store of three small articles (built once; tests damage copies of it)."""
    root = tmp_path_factory.mktemp("base")
    news = root / "news"
    news.mkdir()
    for name, text in ARTICLES.items():
        (news / name).write_text(text, encoding="utf-8")
    db = root / "store" / "db.json"
    Store(db).ingest([news], workers=1)
    return db


def copy_store(base: Path, folder: Path) -> Path:
    """A copy of the base store's files in ``folder`` (its paths still name the base's articles)."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / base.name
    shutil.copyfile(base, db)
    shutil.copytree(base.with_name(base.name + ".parts"), folder / (base.name + ".parts"))
    return db


@pytest.fixture
def db(base: Path, tmp_path: Path) -> Path:
    return copy_store(base, tmp_path / "store")


def shard_path(db: Path) -> Path:
    return db.with_name(db.name + ".parts") / "0000.json"


def edit(path: Path, change: Callable[[Any], None]) -> None:
    data = orjson.loads(path.read_bytes())
    change(data)
    path.write_bytes(orjson.dumps(data))


def first(table: dict[str, Any]) -> Any:
    return table[sorted(table)[0]]


def every_string(value: Any) -> Iterator[str]:
    """Every string inside a returned value (dataclasses, dicts, lists, tuples, Counters)."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from every_string(getattr(value, f.name))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from every_string(k)
            yield from every_string(v)
    elif isinstance(value, list | tuple | set | frozenset):
        for v in value:
            yield from every_string(v)


def reads(s: Store, ids: list[str]) -> dict[str, Callable[[], Any]]:
    """The store's read API (file_rows is the ingest's path bookkeeping: checked apart)."""
    return {
        "check": s.check,
        "summaries": s.summaries,
        "summary": lambda: [s.summary(i) for i in ids],
        "load": lambda: [s.load(i) for i in ids if s.summary(i) is not None],
        "iter_all": lambda: list(s.iter_all()),
        "iter_encoded": lambda: list(s.iter_encoded()),
        "tally": s.tally,
        "texts": lambda: list(s.texts(ids)),
        "sources": s.sources,
        "state": lambda: s.get_state("last_article"),
        "stale": s.stale_ids,
        "meta": s.meta,
    }


def assert_refusal(exc: BaseException) -> None:
    """A refusal the user can read: a StoreError of one line, with nothing a terminal obeys."""
    assert isinstance(exc, StoreError), repr(exc)
    message = str(exc)
    assert message and "\n" not in message and not _escapes(message), repr(message)


def exercise(db: Path, ids: list[str]) -> dict[str, Any]:
    """Call every read; each must refuse clearly or return only safe strings. Returns the results."""
    s = Store(db)
    results: dict[str, Any] = {}
    for name, call in reads(s, ids).items():
        try:
            results[name] = call()
        except StoreError as exc:
            assert_refusal(exc)
            results[name] = exc
            continue
        bad = [x for x in every_string(results[name]) if _escapes(x)]
        assert not bad, (name, bad)
    for name in ("summaries", "summary"):
        if not isinstance(results[name], Exception):
            for summary in results[name]:
                if summary is not None:
                    for line in (summary.title, summary.date, summary.source, summary.path):
                        assert line is None or "\n" not in line, (name, line)
    try:
        rows = s.file_rows()
    except StoreError as exc:
        assert_refusal(exc)
    else:
        for path, (size, mtime, ids_) in rows.items():
            assert isinstance(path, str) and type(size) is int and type(mtime) is int
            assert all(isinstance(i, str) and not _escapes(i) for i in ids_)
    return results


def ids_of(db: Path) -> list[str]:
    return sorted(r["id"] for r in orjson.loads(db.read_bytes())["articles"].values())


def assert_cli_safe(result: Any) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    for stream in (result.stdout, result.stderr):
        assert not _escapes(stream.replace("\n", "").replace("\t", "")), stream


# ----- finding 1: every string read from a store is neutralised ---------------------------------


def plant_escapes(db: Path) -> None:
    """Terminal escapes in every string field of the main file, the shard docs and the items."""

    def main(data: Any) -> None:
        for row in data["articles"].values():
            row["title"] = f"T{OSC52}itle\nsecond line"
            row["date"] = f"2024{TITLE}"
            row["source"] = f"BBC\u202e{OSC52}"
            row["path"] = f"/x/{TITLE}.txt"

    def shard(data: Any) -> None:
        for doc in data["articles"].values():
            doc["text"] = doc["text"].replace("Acme", "\x1b[2J").replace("Globex", "\x9b31m!\x07")
            doc["text"] = doc["text"].replace("Initech", "\x1b]8;;\x07")
            doc["url"] = f"https://e.example/{OSC52}"
            doc["authors"] = [f"Ann{TITLE}", "Bob\u2066"]
            for e in doc["items"]["entities"]:
                e[3] = f"{e[3]}{OSC52}"
            for q in doc["items"]["quotes"]:
                q[2], q[3] = f"Jane{TITLE}", "boss\x9b6n"
            for f in doc["items"]["figures"]:
                f[4], f[5], f[6] = f"USD{OSC52}", f"jobs{TITLE}", f"ctx\x1b[31m{OSC52}"

    edit(db, main)
    edit(shard_path(db), shard)


def test_escapes_in_a_store_never_leave_its_read_api(db: Path) -> None:
    ids = ids_of(db)
    plant_escapes(db)
    db.with_name(db.name + ".sources").write_bytes(orjson.dumps([f"/etc/{OSC52}"]))
    db.with_name(db.name + ".state.json").write_bytes(orjson.dumps({"last_article": TITLE}))
    results = exercise(db, ids)
    assert not [n for n, r in results.items() if isinstance(r, Exception)]  # a clean load
    # One for one: offsets still hold, and what was there is shown.
    for article, extraction in results["iter_all"]:
        for item in [*extraction.entities, *extraction.quotes, *extraction.figures]:
            assert article.text[item.start : item.end] == item.text
        assert any(shown in article.text for shown in ("␛[2J", "�31m!␇", "␛]8;;␇"))
    titles = {s.title for s in results["summaries"]}
    assert titles == {"T␛]52;c;cHduZWQ=␇itle second line"}


@pytest.mark.parametrize(
    "command",
    [["stats"], ["export", "--format", "md"], ["export", "--format", "csv"], ["search", "Jane"]],
)
def test_escapes_in_a_store_never_reach_the_terminal(db: Path, command: list[str]) -> None:
    plant_escapes(db)
    result = run_cli(*command, "--db", db)
    assert result.returncode == 0, result.stderr
    assert_cli_safe(result)


@pytest.mark.parametrize(
    ("kind", "at", "value"),
    [
        ("entities", 2, TITLE),
        ("entities", 2, "ALIEN"),
        ("figures", 2, f"money{OSC52}"),
        ("figures", 2, "bitcoin"),
    ],
)
def test_a_type_or_kind_outside_the_fixed_list_is_refused(
    db: Path, kind: str, at: int, value: str
) -> None:
    def change(data: Any) -> None:
        first(data["articles"])["items"][kind][0][at] = value

    edit(shard_path(db), change)
    with pytest.raises(StoreCorrupt) as caught:
        Store(db).tally()
    assert_refusal(caught.value)
    message = str(caught.value)
    assert str(shard_path(db)) in message and "repair" in message
    assert ("entity type" if kind == "entities" else "figure kind") in message
    for command in (["stats"], ["export", "--format", "md"]):
        result = run_cli(*command, "--db", db)
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result
        assert_cli_safe(result)
    assert any("entity type" in p or "figure kind" in p for p in Store(db).verify())


# ----- finding 9: a damaged store is refused clearly, and repair fixes exactly that -------------


def _main_row(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], Path]:
    def damage(db: Path) -> Path:
        edit(db, lambda data: change(first(data["articles"])))
        return db

    return damage


def _shard_doc(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], Path]:
    def damage(db: Path) -> Path:
        edit(shard_path(db), lambda data: change(first(data["articles"])))
        return shard_path(db)

    return damage


def _meta(value: Any) -> Callable[[Path], Path]:
    def damage(db: Path) -> Path:
        edit(db, lambda data: data["meta"]["1"].__setitem__("schema", value))
        return db

    return damage


def _no_shard_meta(db: Path) -> Path:
    edit(shard_path(db), lambda data: data.pop("meta"))
    return shard_path(db)


def _no_shard(db: Path) -> Path:
    shard_path(db).unlink()
    return shard_path(db)


def _not_an_object(db: Path) -> Path:
    def change(data: Any) -> None:
        data["articles"][sorted(data["articles"])[0]] = ["not", "an", "object"]

    edit(db, change)
    return db


DAMAGE: dict[str, Callable[[Path], Path]] = {
    "shard is a string": _main_row(lambda r: r.__setitem__("shard", "0")),
    "shard is a float": _main_row(lambda r: r.__setitem__("shard", 0.5)),
    "shard is null": _main_row(lambda r: r.__setitem__("shard", None)),
    "schema is a word": _meta("one"),
    "schema is a list": _meta([1]),
    "title is null": _main_row(lambda r: r.__setitem__("title", None)),
    "a row is not an object": _not_an_object,
    "text is a number": _shard_doc(lambda d: d.__setitem__("text", 42)),
    "a short item row": _shard_doc(lambda d: d["items"]["figures"][0].pop()),
    "items is a string": _shard_doc(lambda d: d.__setitem__("items", "x")),
    "a span past the text": _shard_doc(lambda d: d["items"]["entities"][0].__setitem__(1, 10**6)),
    "a language too long": _shard_doc(lambda d: d.__setitem__("language", "\x1b]0;" + "x" * 30)),
    "the shard has no meta": _no_shard_meta,
    "the shard file is missing": _no_shard,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_store_is_refused_naming_the_file(db: Path, tmp_path: Path, damage: str) -> None:
    ids = ids_of(db)
    bad_file = DAMAGE[damage](db)
    results = exercise(db, ids)
    refused = [n for n, r in results.items() if isinstance(r, StoreError)]
    assert refused, damage  # the damage is noticed …
    for name in refused:  # … and named
        message = str(results[name])
        assert str(bad_file) in message and "repair" in message, (name, message)
    problems = Store(db).verify()
    assert problems and all(str(bad_file) in p for p in problems), problems
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "d.txt").write_text("Hooli grows\n\nHooli said sales rose 3%.\n")
    for command in (
        ["stats"],
        ["search", "Acme"],
        ["export", "--format", "jsonl"],
        ["ingest", str(tmp_path / "more")],
    ):
        result = run_cli(*command, "--db", db)
        assert result.returncode == 2, (command, result)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and str(bad_file) in lines[0] and "repair" in lines[0], lines
        assert_cli_safe(result)


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_repair_fixes_or_drops_exactly_what_is_damaged(db: Path, damage: str) -> None:
    texts_before = {a.id: a.text for a, _ in Store(db).iter_all()}
    DAMAGE[damage](db)
    problems = Store(db).verify()
    result = run_cli("repair", "--db", db)
    assert result.returncode == 0, result.stderr
    assert_cli_safe(result)
    for problem in problems:  # each problem found is reported
        assert problem in result.stderr
    assert Store(db).verify() == []
    after = {a.id: a.text for a, _ in Store(db).iter_all()}
    assert len(Store(db).summaries()) == len(after)
    assert all(texts_before[i] == text for i, text in after.items())
    lost = set(texts_before) - set(after)
    if damage == "the shard file is missing":  # its texts are gone: its articles are dropped
        assert lost == set(texts_before)
    elif damage.startswith(
        ("schema", "shard", "items", "a short", "a span", "the shard has", "a language")
    ):
        assert lost == set()  # the items are re-extracted from the article's own text
    else:
        assert len(lost) <= 1
    for article_id in lost:  # and what was dropped is said
        assert article_id in result.stdout + result.stderr


def test_repair_never_reads_the_sources_listed_in_the_store(
    db: Path, tmp_path: Path, write_file: Callable[..., Path]
) -> None:
    secret = write_file("secrets/creds.txt", "Top secret\n\nThe password is hunter2, said Ann.\n")
    db.with_name(db.name + ".sources").write_bytes(orjson.dumps([str(secret.parent)]))
    _no_shard(db)
    result = run_cli("repair", "--db", db)
    assert result.returncode == 0, result.stderr
    assert len(Store(db)) == 0  # its texts were lost; nothing was read from elsewhere
    for path in db.parent.rglob("*"):
        if path.is_file() and ".corrupt-" not in str(path):
            assert b"hunter2" not in path.read_bytes() and b"creds" not in path.read_bytes()
    # Folders named on the command line are read again.
    write_file("mine/a.txt", ARTICLES["a.txt"])
    result = run_cli("repair", "--db", db, tmp_path / "mine")
    assert result.returncode == 0, result.stderr
    assert [s.title for s in Store(db).summaries()] == ["Acme profits soar"]


# ----- finding 2: links and foreign files among a store's own files ----------------------------


def test_a_symlinked_parts_folder_is_refused_and_nothing_is_written_there(
    db: Path, tmp_path: Path, write_file: Callable[..., Path]
) -> None:
    parts = db.with_name(db.name + ".parts")
    elsewhere = tmp_path / "elsewhere"
    shutil.move(parts, elsewhere)
    parts.symlink_to(elsewhere, target_is_directory=True)
    planted = write_file("elsewhere/.precious.tmp", "keep me")
    old = write_file("elsewhere/.0000.json.123.abcd.tmp", "keep me too")
    before = sorted(p.name for p in elsewhere.iterdir())
    write_file("more/d.txt", "Hooli grows\n\nHooli said sales rose 3%.\n")
    for command in (["ingest", str(tmp_path / "more")], ["stats"], ["export", "--format", "md"]):
        result = run_cli(*command, "--db", db)
        assert result.returncode == 2, (command, result)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and str(parts) in lines[0] and "symbolic link" in lines[0], lines
    assert sorted(p.name for p in elsewhere.iterdir()) == before
    assert planted.read_text() == "keep me" and old.read_text() == "keep me too"
    with pytest.raises(StoreError, match="symbolic link"):
        Store(db).sweep_if_idle()


@pytest.mark.parametrize("which", ["sources", "state.json", "lock"])
def test_a_symlinked_sources_state_or_lock_file_is_refused(
    db: Path, tmp_path: Path, write_file: Callable[..., Path], which: str
) -> None:
    target = write_file("target.json", '["/etc"]')
    link = db.with_name(f"{db.name}.{which}")
    link.symlink_to(target)
    write_file("more/d.txt", "Hooli grows\n\nHooli said sales rose 3%.\n")
    result = run_cli("ingest", tmp_path / "more", "--db", db)
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(link) in lines[0] and "symbolic link" in lines[0], lines
    assert "Errno" not in lines[0]
    assert target.read_text() == '["/etc"]'
    if which == "state.json":
        assert Store(db).set_state("last_article", "x") is False  # never written through a link
        assert Store(db).get_state("last_article") is None  # nor read through one
    assert target.read_text() == '["/etc"]' and link.is_symlink()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_a_parts_folder_of_another_user_is_refused(db: Path) -> None:
    parts = db.with_name(db.name + ".parts")
    os.chown(parts, 65534, 65534)
    with pytest.raises(StoreError, match="another user") as caught:
        list(Store(db).iter_all())
    assert str(parts) in str(caught.value)


def test_the_sweep_removes_only_the_stores_own_temporary_files(
    db: Path, tmp_path: Path, write_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = db.with_name(db.name + ".parts")
    mine = [
        write_file(f"store/.{db.name}.123.abcd.tmp", "a user's file, named like the old pattern"),
        write_file("store/.notes.tmp", "a user's file"),
        write_file(f"store/{db.name}.parts/.0000.json.9.ff.tmp", "old pattern in the parts"),
    ]

    def killed(fd: int) -> None:
        raise KeyboardInterrupt  # a kill while the temporary file is being written

    monkeypatch.setattr(os, "fsync", killed)
    with pytest.raises(KeyboardInterrupt):
        store.storage.atomic_write_bytes(parts / "0000.json", b"{}")
    monkeypatch.undo()
    leftover = [p for p in parts.iterdir() if p.name.startswith(".newsexplore-tmp-")]
    assert len(leftover) == 1
    Store(db).sweep_if_idle()
    assert not leftover[0].exists()  # the store's own leftover is swept …
    assert all(p.exists() for p in mine)  # … and nothing else


def test_temporary_files_are_created_exclusively_and_never_follow_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flags: list[int] = []
    real_open = os.open

    def spy(path: Any, flag: int, *args: Any, **kwargs: Any) -> int:
        flags.append(flag)
        return real_open(path, flag, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    store.storage.atomic_write_bytes(tmp_path / "f.json", b"{}")
    assert flags and flags[0] & os.O_EXCL and flags[0] & os.O_CREAT
    assert flags[0] & getattr(os, "O_NOFOLLOW", 0) == getattr(os, "O_NOFOLLOW", 0)


# ----- finding 8: a store you cannot write to is still read ------------------------------------


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.lstat().st_size, p.lstat().st_mtime_ns) for p in sorted(folder.rglob("*"))}


def record_files(folder: Path) -> dict[str, tuple[int, int]]:
    """The store's record: everything but the derived search index (a cache that reading a
    writable store may build beside it; deleting it loses nothing)."""
    return {p: v for p, v in snapshot(folder).items() if ".index.sqlite" not in p}


def test_reading_a_store_writes_nothing(db: Path) -> None:
    before = record_files(db.parent)
    exercise(db, ids_of(db))
    for command in (["stats"], ["search", "Acme"], ["export", "--format", "md"]):
        assert run_cli(*command, "--db", db).returncode == 0
    assert record_files(db.parent) == before


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_state_that_cannot_be_saved_is_not_an_error(
    db: Path, monkeypatch: pytest.MonkeyPatch, error: int
) -> None:
    real_open = os.open

    def refuse(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT:
            raise OSError(error, os.strerror(error))
        return real_open(path, flags, *args, **kwargs)

    s = Store(db)
    assert s.writable()
    monkeypatch.setattr(os, "open", refuse)
    assert s.set_state("last_article", "x") is False
    assert s.get_state("last_article") is None
    assert len(s.summaries()) == 3 and len(list(s.iter_all())) == 3


def test_a_read_only_or_full_store_says_so(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert Store(db).writable()
    real = os.statvfs

    def read_only(path: Any) -> Any:
        st = real(path)
        return os.statvfs_result((*st[:8], st.f_flag | os.ST_RDONLY, st.f_namemax))

    def full(path: Any) -> Any:
        st = real(path)
        return os.statvfs_result((*st[:4], 0, *st[5:]))

    for fake in (read_only, full):
        monkeypatch.setattr(os, "statvfs", fake)
        s = Store(db)
        assert not s.writable()
        assert len(s.summaries()) == 3  # and it still reads
    monkeypatch.undo()
    if os.geteuid() != 0:  # root writes anywhere: only a real user sees the permission
        db.parent.chmod(0o555)
        try:
            assert not Store(db).writable()
        finally:
            db.parent.chmod(0o755)


# ----- hypothesis: randomly damaged stores -----------------------------------------------------

_PIECES = [*HOSTILE, "a", "Z", " ", "\n", "\t", "é", "0", "ORG", "money", "[b]"]
hostile_text = st.lists(st.sampled_from(_PIECES), max_size=6).map("".join)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=3),
    max_leaves=6,
)


def _slots(value: Any, where: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place inside a JSON document (a path of keys and indexes)."""
    yield where
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _slots(v, (*where, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _slots(v, (*where, i))


def _mutate(data: Any, where: tuple[Any, ...], action: str, value: Any) -> None:
    if not where:
        return
    parent = data
    for step in where[:-1]:
        parent = parent[step]
    key = where[-1]
    current = parent[key]
    if action == "replace":
        parent[key] = value
    elif action == "delete":
        del parent[key]
    elif action == "truncate" and isinstance(current, list | str):
        parent[key] = current[: len(current) // 2]
    elif action == "escape" and isinstance(current, str):
        parent[key] = current[:3] + (value if isinstance(value, str) else OSC52) + current[3:]


mutation = st.tuples(
    st.sampled_from(["main", "shard"]),
    st.integers(min_value=0),
    st.sampled_from(["replace", "delete", "truncate", "escape", "escape"]),
    json_values,
)


@contextlib.contextmanager
def damaged_copy(base: Path, mutations: list[tuple[str, int, str, Any]]) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        db = copy_store(base, Path(folder))
        for target, pick, action, value in mutations:
            path = db if target == "main" else shard_path(db)
            data = orjson.loads(path.read_bytes())
            slots = list(_slots(data))
            _mutate(data, slots[pick % len(slots)], action, value)
            path.write_bytes(orjson.dumps(data))
        yield db


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutations=st.lists(mutation, min_size=1, max_size=3))
def test_a_randomly_damaged_store_is_refused_or_read_safely(
    base: Path, mutations: list[tuple[str, int, str, Any]]
) -> None:
    ids = ids_of(base)
    with damaged_copy(base, mutations) as db:
        results = exercise(db, ids)
        problems = Store(db).verify()
        assert all(p and "\n" not in p and not _escapes(p) for p in problems), problems
        refused = [n for n, r in results.items() if isinstance(r, StoreError)]
        # verify and the reads agree: what a read refuses, verify reports …
        assert not refused or problems, (refused, results)
        if not problems:  # … and a store verify calls healthy reads without a refusal
            assert not refused, results
            return
        try:
            report = Store(db).repair()
        except StoreTooNew:  # a newer newsexplore's store is never rebuilt by this one
            return
        assert all(not _escapes(line) for line in report.lines()), report.lines()
        assert Store(db).verify() == []
        exercise(db, ids)
