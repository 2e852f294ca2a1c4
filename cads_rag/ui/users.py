"""Who may use the advisor UI: a users file of names, roles and salted password hashes.

The file is TOML, written by ``cads-rag users add|passwd|remove`` (never by hand-pasting a
password)::

    [[users]]
    name = "ana"
    role = "reviewer"                       # advisor | reviewer | admin
    password = "scrypt$32768$8$1$<salt>$<hash>"

Passwords are hashed with the standard library's scrypt, salted per user, with the cost
parameters stored in the hash so they can be raised later without breaking old entries.
Roles: an **advisor** drafts, edits, saves and rejects their own drafts; a **reviewer**
also edits, approves, rejects and marks as posted any draft; an **admin** can do everything
a reviewer can and also check the audit log.

>>> stored = hash_password("correct horse battery")
>>> stored.startswith("scrypt$"), verify_password("correct horse battery", stored), verify_password("wrong", stored)
(True, True, False)
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import threading
import time
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

from filelock import FileLock

Role = Literal["advisor", "reviewer", "admin"]
ROLES: tuple[str, ...] = get_args(Role)
MIN_PASSWORD_CHARS = 8
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}
_NAME = re.compile(r"^[^\s\x00-\x1f\x7f](?:[^\x00-\x1f\x7f]{0,58}[^\s\x00-\x1f\x7f])?$")
_HEADER = (
    "# cads_rag advisor UI users: name, role (advisor | reviewer | admin), scrypt password hash.\n"
    "# Manage with `cads-rag users add|passwd|remove|list`; never store a plain password here.\n"
)


class UsersFileError(ValueError):
    """The users file cannot be read or changed as asked; the message says why."""


@dataclass(frozen=True)
class User:
    """One account of the users file."""

    name: str
    role: Role
    password_hash: str


@dataclass(frozen=True)
class Actor:
    """The person doing something in the UI: their name goes into the audit log."""

    name: str
    role: Role

    @property
    def can_review(self) -> bool:
        """Reviewers and admins approve, post and handle other advisors' drafts."""
        return self.role in ("reviewer", "admin")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    """A salted scrypt hash ``scrypt$N$r$p$salt$hash`` (base64) of ``password``."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise UsersFileError(f"the password must have at least {MIN_PASSWORD_CHARS} characters")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, maxmem=128 * 1024 * 1024, dklen=32, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches the ``stored`` hash (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                                maxmem=128 * 1024 * 1024, dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash checked for unknown names, so that they cost as much time as known ones."""
    return hash_password(secrets.token_urlsafe(16))


def check_name(name: str) -> str:
    """A user name: 1–60 characters, no control characters, no spaces at either end."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise UsersFileError(
            f"{name!r} is not a valid user name: 1-60 characters, no control characters, no spaces at either end"
        )
    return name


def check_role(role: str) -> Role:
    if role not in ROLES:
        raise UsersFileError(f"unknown role {role!r}: use {', '.join(ROLES)}")
    return role  # type: ignore[return-value]


def read_users(path: Path) -> list[User]:
    """The users of the file at ``path`` (an empty list when it does not exist)."""
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise UsersFileError(f"cannot read the users file {path}: {err}") from None
    entries = data.get("users", [])
    if not isinstance(entries, list):
        raise UsersFileError(f"{path}: 'users' must be a list of [[users]] tables")
    users: list[User] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not {"name", "role", "password"} <= entry.keys():
            raise UsersFileError(f"{path}: user entry {number} needs name, role and password")
        try:
            name, role = check_name(entry["name"]), check_role(entry["role"])
        except UsersFileError as err:
            raise UsersFileError(f"{path}: user entry {number}: {err}") from None
        if not str(entry["password"]).startswith("scrypt$"):
            raise UsersFileError(f"{path}: user {name!r} has no scrypt password hash (use `cads-rag users passwd`)")
        if name.casefold() in seen:
            raise UsersFileError(f"{path}: user {name!r} appears twice")
        seen.add(name.casefold())
        users.append(User(name, role, str(entry["password"])))
    return users


def write_users(path: Path, users: Iterable[User]) -> None:
    """Write the users file atomically, readable by its owner only."""
    lines = [_HEADER]
    for user in users:
        # JSON string escapes are valid TOML basic-string escapes.
        lines.append(f"\n[[users]]\nname = {json.dumps(user.name, ensure_ascii=False)}\nrole = {json.dumps(user.role)}\n"
                     f"password = {json.dumps(user.password_hash)}\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("".join(lines))
    os.replace(tmp, path)


def _change(path: Path, change) -> list[User]:
    with FileLock(str(path) + ".lock"):
        users = change(read_users(path))
        write_users(path, users)
        return users


def add_user(path: Path, name: str, role: str, password: str) -> User:
    """Add a new account (the name must not exist yet, in any letter case)."""
    user = User(check_name(name), check_role(role), hash_password(password))

    def change(users: list[User]) -> list[User]:
        if any(u.name.casefold() == name.casefold() for u in users):
            raise UsersFileError(f"user {name!r} exists already (change the password with `cads-rag users passwd`)")
        return [*users, user]

    _change(path, change)
    return user


def set_password(path: Path, name: str, password: str) -> None:
    """Replace the password of an existing account."""
    hashed = hash_password(password)

    def change(users: list[User]) -> list[User]:
        if name not in {u.name for u in users}:
            raise UsersFileError(f"there is no user {name!r}")
        return [User(u.name, u.role, hashed) if u.name == name else u for u in users]

    _change(path, change)


def set_role(path: Path, name: str, role: str) -> None:
    """Give an existing account another role."""
    role = check_role(role)

    def change(users: list[User]) -> list[User]:
        if name not in {u.name for u in users}:
            raise UsersFileError(f"there is no user {name!r}")
        return [User(u.name, role, u.password_hash) if u.name == name else u for u in users]

    _change(path, change)


def remove_user(path: Path, name: str) -> None:
    """Remove an account; its sessions lose their rights at their next action."""

    def change(users: list[User]) -> list[User]:
        if name not in {u.name for u in users}:
            raise UsersFileError(f"there is no user {name!r}")
        return [u for u in users if u.name != name]

    _change(path, change)


_UNREAD = object()


class UserDirectory:
    """The users file as the running UI sees it: login checks and roles, re-read when the
    file changes (a removed user loses access without a restart), and a pause after
    repeated failed logins of one name."""

    MAX_FAILURES = 5
    LOCKOUT_S = 60.0

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: object = _UNREAD
        self._users: dict[str, User] = {}
        self._failures: dict[str, list[float]] = {}
        self._load()

    def _load(self) -> dict[str, User]:
        try:
            stat = self.path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:
            stamp = None
        with self._lock:
            if stamp != self._stamp:
                self._users = {u.name: u for u in read_users(self.path)}
                self._stamp = stamp
            return self._users

    @property
    def configured(self) -> bool:
        """True when at least one account exists (then the UI asks for a login)."""
        return bool(self._load())

    def users(self) -> list[User]:
        return list(self._load().values())

    def actor(self, name: str | None) -> Actor | None:
        """The logged-in ``name`` with its current role, or None when it has no account (any more)."""
        user = self._load().get(name or "")
        return Actor(user.name, user.role) if user else None

    async def login(self, name: str, password: str) -> bool:
        """The login check handed to Gradio (``launch(auth=...)``): :meth:`authenticate` in a
        worker thread, so that hashing does not hold up the server's event loop."""
        return await asyncio.to_thread(self.authenticate, name, password)

    def authenticate(self, name: str, password: str) -> bool:
        """True when ``name`` has an account with this ``password`` (and is not paused
        after :attr:`MAX_FAILURES` failed attempts within :attr:`LOCKOUT_S` seconds)."""
        now = time.monotonic()
        with self._lock:
            recent = [t for t in self._failures.get(name, []) if now - t < self.LOCKOUT_S]
            self._failures[name] = recent
        if len(recent) >= self.MAX_FAILURES:
            return False
        try:
            user = self._load().get(name)
        except UsersFileError:
            return False
        ok = verify_password(password, user.password_hash if user else _dummy_hash()) and user is not None
        with self._lock:
            if ok:
                self._failures.pop(name, None)
            else:
                self._failures.setdefault(name, []).append(now)
        return ok
