"""The users file: salted scrypt hashes, wrong passwords, roles, file changes seen by the
running UI, lock-out after repeated failures, and the `cads-rag users` commands."""

from __future__ import annotations

import asyncio
import io
import json
import os
import stat
from pathlib import Path

import pytest

from cads_rag.cli import main
from cads_rag.ui.users import (
    Actor,
    UserDirectory,
    UsersFileError,
    add_user,
    hash_password,
    read_users,
    remove_user,
    set_password,
    set_role,
    verify_password,
)


def test_hashes_are_salted_scrypt_with_their_parameters():
    first, second = hash_password("same password"), hash_password("same password")
    assert first != second  # a new salt each time
    scheme, n, r, p, salt, digest = first.split("$")
    assert (scheme, int(n), int(r), int(p)) == ("scrypt", 2**15, 8, 1) and salt and digest
    assert verify_password("same password", first) and verify_password("same password", second)
    assert not verify_password("same passwore", first)
    assert not verify_password("same password", "plain:same password")
    assert not verify_password("same password", "scrypt$garbage")


def test_short_passwords_are_refused(tmp_path: Path):
    with pytest.raises(UsersFileError, match="at least 8"):
        add_user(tmp_path / "users.toml", "ana", "advisor", "short")
    assert not (tmp_path / "users.toml").exists()


def test_file_round_trip_roles_and_owner_only_permissions(tmp_path: Path):
    path = tmp_path / "users.toml"
    add_user(path, "ana", "advisor", "ana-password")
    add_user(path, 'Zoë "Z" Kovač', "reviewer", "zoe-password")
    assert [(u.name, u.role) for u in read_users(path)] == [("ana", "advisor"), ('Zoë "Z" Kovač', "reviewer")]
    assert "ana-password" not in path.read_text(encoding="utf-8")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    set_role(path, "ana", "admin")
    set_password(path, "ana", "new-ana-password")
    users = UserDirectory(path)
    assert users.actor("ana") == Actor("ana", "admin")
    assert users.authenticate("ana", "new-ana-password") and not users.authenticate("ana", "ana-password")


def test_bad_entries_are_refused(tmp_path: Path):
    path = tmp_path / "users.toml"
    add_user(path, "ana", "advisor", "ana-password")
    with pytest.raises(UsersFileError, match="exists already"):
        add_user(path, "ANA", "reviewer", "other-password")
    with pytest.raises(UsersFileError, match="unknown role"):
        add_user(path, "ben", "boss", "ben-password")
    with pytest.raises(UsersFileError, match="not a valid user name"):
        add_user(path, " ben", "advisor", "ben-password")
    with pytest.raises(UsersFileError, match="no user"):
        remove_user(path, "nobody")


@pytest.mark.parametrize("content, message", [
    ('[[users]]\nname = "ana"\nrole = "advisor"\npassword = "secret123"\n', "no scrypt password hash"),
    ('[[users]]\nname = "ana"\nrole = "advisor"\n', "needs name, role and password"),
    ("[[users]\nname = ", "cannot read"),
])
def test_a_broken_users_file_is_an_error_not_an_open_door(tmp_path: Path, content: str, message: str):
    path = tmp_path / "users.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UsersFileError, match=message):
        UserDirectory(path)


def test_login_checks_and_the_running_ui_sees_file_changes(tmp_path: Path):
    path = tmp_path / "users.toml"
    users = UserDirectory(path)
    assert not users.configured and not users.authenticate("ana", "ana-password")
    add_user(path, "ana", "reviewer", "ana-password")
    assert users.configured
    assert users.authenticate("ana", "ana-password")
    assert not users.authenticate("ana", "wrong-password")
    assert not users.authenticate("nobody", "ana-password")
    assert asyncio.run(users.login("ana", "ana-password")) is True
    assert users.actor("ana") == Actor("ana", "reviewer") and users.actor("ana").can_review
    remove_user(path, "ana")
    assert users.actor("ana") is None and not users.authenticate("ana", "ana-password")


def test_repeated_failures_pause_logins_of_that_name(tmp_path: Path):
    path = tmp_path / "users.toml"
    add_user(path, "ana", "advisor", "ana-password")
    add_user(path, "ben", "advisor", "ben-password")
    users = UserDirectory(path)
    for _ in range(UserDirectory.MAX_FAILURES):
        assert not users.authenticate("ana", "guess-guess")
    assert not users.authenticate("ana", "ana-password")  # paused, even with the right password
    assert users.authenticate("ben", "ben-password")  # other names are not affected


def test_users_commands(tmp_path: Path, monkeypatch, capsys):
    path = str(tmp_path / "users.toml")
    monkeypatch.setattr("sys.stdin", io.StringIO("rita-password\n"))
    assert main(["users", "--file", path, "add", "rita", "--role", "reviewer"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("ana-password\n"))
    assert main(["users", "add", "ana", "--role", "advisor", "--file", path]) == 0
    capsys.readouterr()
    assert main(["users", "--file", path, "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"name": "rita", "role": "reviewer"}, {"name": "ana", "role": "advisor"}]
    assert UserDirectory(Path(path)).authenticate("rita", "rita-password")
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["users", "--file", path, "passwd", "rita"]) == 2
    assert "at least 8" in capsys.readouterr().err
    assert main(["users", "--file", path, "remove", "ana"]) == 0
    assert [u.name for u in read_users(Path(path))] == ["rita"]
    with pytest.raises(SystemExit):  # there is no way to put a password on the command line
        main(["users", "--file", path, "add", "ben", "--role", "advisor", "--password", "ben-password"])
