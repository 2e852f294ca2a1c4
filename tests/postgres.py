"""A real PostgreSQL 16 for the tests, from the ``pgserver`` wheel's binaries (PG 16 +
pgvector; see ../shared/notes/stack.md): a throw-away cluster in a temporary folder,
listening on 127.0.0.1 at a free port, trust authentication, stopped and deleted after use.

PostgreSQL refuses to run as root: as root the cluster belongs to the ``postgres`` account
when it exists, otherwise to ``nobody``.

>>> with running_postgres() as url:                                   # doctest: +SKIP
...     create_engine(f"{url}/postgres")
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

USER = "cads"


def _binaries() -> Path:
    """The test extra's PostgreSQL build (found without importing pgserver, whose import
    touches the user's runtime folder)."""
    spec = importlib.util.find_spec("pgserver")
    if spec is None or spec.origin is None:
        raise RuntimeError("pgserver is not installed: `pip install -e '.[test]'` (make test does)")
    return Path(spec.origin).parent / "pginstall" / "bin"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _account() -> pwd.struct_passwd | None:
    """The account to run PostgreSQL as (``None``: the current, non-root one)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root without a 'postgres' or 'nobody' account to run PostgreSQL as")


@contextmanager
def running_postgres() -> Iterator[str]:
    """A SQLAlchemy URL without database (``postgresql+psycopg2://cads@127.0.0.1:PORT``)."""
    binaries, account, port = _binaries(), _account(), _free_port()
    folder = Path(tempfile.mkdtemp(prefix="cads-pg-"))
    data = folder / "data"
    as_account = {"user": account.pw_uid, "group": account.pw_gid} if account else {}
    if account:
        os.chown(folder, account.pw_uid, account.pw_gid)

    def run(*args: str) -> None:
        done = subprocess.run([str(binaries / args[0]), *args[1:]], capture_output=True, text=True, timeout=120,
                              cwd=folder, **as_account)
        if done.returncode:
            raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")

    try:
        run("initdb", "-D", str(data), "-U", USER, "-A", "trust", "-E", "UTF8", "--no-locale")
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        run("pg_ctl", "-D", str(data), "-l", str(folder / "server.log"), "-o", options, "-w", "start")
        try:
            yield f"postgresql+psycopg2://{USER}@127.0.0.1:{port}"
        finally:
            run("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
