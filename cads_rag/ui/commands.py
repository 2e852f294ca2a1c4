"""``cads-rag serve`` and ``cads-rag users …``: start the advisor UI and manage its accounts.

    cads-rag serve [--host H] [--port P]
    cads-rag users add NAME --role advisor|reviewer|admin    # password asked twice (or one line on stdin)
    cads-rag users passwd NAME
    cads-rag users role NAME ROLE
    cads-rag users remove NAME
    cads-rag users list [--json]

Every ``users`` command takes ``--file PATH`` (default: the ``users_file`` setting, else
users.toml beside the index). Passwords are never taken from the command line, where
other users of the machine and the shell history could read them.
Exit codes: 0 ok, 2 bad input (unknown user, weak password, broken file, refused binding),
3 no index.

>>> main(["users", "list", "--file", "/nonexistent/users.toml"])   # doctest: +SKIP
0
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from cads_rag.settings import Settings
from cads_rag.ui.users import ROLES, UsersFileError, add_user, read_users, remove_user, set_password, set_role

EXIT_OK, EXIT_USAGE = 0, 2


def read_password(prompt: str = "Password: ") -> str:
    """Ask twice on a terminal; otherwise read one line from stdin (scripts, CI)."""
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass("Repeat the password: ") != first:
            raise UsersFileError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def cmd_users(args: argparse.Namespace) -> int:
    path = Path(args.file) if args.file else Settings().users_path
    try:
        if args.users_command == "add":
            user = add_user(path, args.name, args.role, read_password(f"Password for {args.name}: "))
            print(f"added {user.name} ({user.role}) to {path}", file=sys.stderr)
        elif args.users_command == "passwd":
            set_password(path, args.name, read_password(f"New password for {args.name}: "))
            print(f"changed the password of {args.name} in {path}", file=sys.stderr)
        elif args.users_command == "role":
            set_role(path, args.name, args.role)
            print(f"{args.name} is now {args.role}", file=sys.stderr)
        elif args.users_command == "remove":
            remove_user(path, args.name)
            print(f"removed {args.name} from {path}", file=sys.stderr)
        else:
            users = read_users(path)
            if args.json:
                print(json.dumps([{"name": u.name, "role": u.role} for u in users], ensure_ascii=False))
            elif not users:
                print(f"no users in {path}: the UI runs in local mode (127.0.0.1 only)", file=sys.stderr)
            for user in users if not args.json else []:
                print(f"{user.name}\t{user.role}")
    except UsersFileError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from cads_rag.ui.app import serve

    overrides = {"index_dir": Path(args.index)} if args.index else {}
    return serve(args.host, args.port, Settings(**overrides))


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add ``serve`` and ``users`` to the ``cads-rag`` command line."""
    serve = sub.add_parser(
        "serve", help="start the advisor UI (Gradio) on the configured address",
        description="Start the advisor UI. Without users (cads-rag users add) it has no login and binds only to "
        "127.0.0.1; other addresses need users. Exit 2 on a refused address or a broken users file, 3 without an index.",
    )
    serve.add_argument("--host", help="address to bind (default: setting ui_host, 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: setting ui_port, 7860)")
    serve.add_argument("--index", help="index directory (default: var/index)")
    serve.set_defaults(func=cmd_serve)

    users = sub.add_parser("users", help="manage the advisor UI's accounts (name, role, password hash)")
    users.add_argument("--file", help="users file (default: setting users_file, else users.toml beside the index)")
    verbs = users.add_subparsers(dest="users_command", required=True)
    add = verbs.add_parser("add", help="add an account; the password is asked (or read from stdin)")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True)
    passwd = verbs.add_parser("passwd", help="set a new password")
    passwd.add_argument("name")
    role = verbs.add_parser("role", help="change the role of an account")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    remove = verbs.add_parser("remove", help="remove an account")
    remove.add_argument("name")
    listing = verbs.add_parser("list", help="list the accounts and their roles")
    listing.add_argument("--json", action="store_true")
    for verb in (add, passwd, role, remove, listing):
        verb.add_argument("--file", help=argparse.SUPPRESS, default=argparse.SUPPRESS)
    users.set_defaults(func=cmd_users)
