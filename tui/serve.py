"""``newsexplore serve``: the same explorer in a web browser, through textual-serve.

Each browser tab runs its own ``newsexplore`` process on the same store. textual-serve is an
optional extra (``pip install 'newsexplore[serve]'``), imported only here and only when
serving. The server listens on 127.0.0.1 unless told otherwise: anyone who can reach the
address can read the store (there is no login), so another host is said out loud.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from store.sanitize import one_line
from tui.settings import add_citation_argument, use_citation

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
LOOPBACK = ("127.0.0.1", "localhost", "::1")
EXTRA_HINT = "newsexplore serve needs the optional extra: pip install 'newsexplore[serve]'"


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    """``serve``'s options (the ``--db`` option is added by the CLI, like every command's)."""
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to listen on (default: {DEFAULT_HOST})"
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})"
    )
    add_citation_argument(parser)


def app_command(db: Path | None) -> str:
    """The shell command textual-serve runs for each browser session."""
    argv = [sys.executable, "-m", "tui"]
    if db is not None:
        argv += ["--db", str(Path(db).absolute())]
    return shlex.join(argv)


def serve(
    db: Path | None = None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    citation: str | None = None,
) -> int:
    """Serve the explorer on http://host:port until interrupted; 0, or 2 with a message."""
    try:
        from textual_serve.server import Server
    except ImportError:
        print(f"newsexplore: {EXTRA_HINT}", file=sys.stderr)
        return 2
    if not 0 < port < 65536:
        print(f"newsexplore: not a port: {port}", file=sys.stderr)
        return 2
    use_citation(citation)  # inherited by every session's process through the environment
    if host not in LOOPBACK:
        print(
            f"newsexplore: serving on {one_line(host)}: anyone who can reach it can read "
            "the store (there is no login)",
            file=sys.stderr,
        )
    server = Server(app_command(db), host=host, port=port, title="newsexplore")
    server.serve()
    return 0


def run_serve(args: argparse.Namespace) -> int:
    """The CLI's handler for ``newsexplore serve`` (args from ``add_serve_arguments``)."""
    return serve(getattr(args, "db", None), args.host, args.port, args.citation)
