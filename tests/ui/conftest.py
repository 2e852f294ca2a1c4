"""UI fixtures: one library over the session's real index with its own review database
(nothing in var/ is touched), a users file with one account per role, and actors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cads_rag.settings import Settings
from cads_rag.ui.users import Actor, UserDirectory, add_user

PASSWORDS = {"ana": "ana-advisor-pw", "rita": "rita-reviewer-pw", "adam": "adam-admin-pw"}
ROLES = {"ana": "advisor", "rita": "reviewer", "adam": "admin"}
POLISH_POST = "Dzien dobry, szef mi napisal na WhatsAppie ze jestem zwolniony. To wazne? Pozdrawiam, Jan Kowalski"
MINIMUM_WAGE_POST = "Cześć, pracuję w magazynie pod Berlinem. Ile wynosi teraz płaca minimalna za godzinę w 2026?"
DAY = "2026-11-25"


@pytest.fixture(scope="session")
def ui_settings(real_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    base = tmp_path_factory.mktemp("ui")
    return real_settings.model_copy(update={
        "review_db_url": f"sqlite:///{base / 'review.db'}", "users_file": base / "no-users.toml", "ui_user": "local-tester",
    })


@pytest.fixture(scope="session")
def ui_library(real_library, ui_settings: Settings):
    """The real index with the UI's own review store (drafts are stored there)."""
    from cads_rag.library import Library

    return Library(real_library.index, ui_settings)


@pytest.fixture(scope="session")
def users_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("users") / "users.toml"
    for name, password in PASSWORDS.items():
        add_user(path, name, ROLES[name], password)
    return path


@pytest.fixture()
def users(users_path: Path) -> UserDirectory:
    return UserDirectory(users_path)


@pytest.fixture()
def advisor() -> Actor:
    return Actor("ana", "advisor")


@pytest.fixture()
def reviewer() -> Actor:
    return Actor("rita", "reviewer")


@pytest.fixture()
def admin() -> Actor:
    return Actor("adam", "admin")
