"""Load test of the advisor UI: N advisors at once, each in their own ``gradio_client``
session, logging in, drafting a post and approving the draft; reports p50/p95 latency per
step and every error.

    python -m cads_rag.ui.loadtest [--sessions 10] [--rounds 3]    # make bench-ui

It starts ``cads-rag serve`` in its own process over the index (``var/index``), with a
temporary review database and a temporary users file of N reviewers, so nothing in
``var/`` changes; the clients run in this process.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import cads_rag  # noqa: F401  (offline environment before gradio_client is imported)

POSTS = (
    "Buna ziua, lucrez in Germania de 3 luni si seful mi-a dat Kündigung pe WhatsApp. Este valabila?",
    "Dzien dobry, szef mi napisal na WhatsAppie ze jestem zwolniony. To wazne?",
    "Здравейте, колко е минималната заплата на час в Германия през 2026?",
    "Ciao, quanti giorni di ferie mi spettano all'anno se lavoro 5 giorni a settimana in Germania?",
    "Hola, estoy enfermo y mi jefe dice que no me paga los días de baja. ¿Es legal?",
    "Sziasztok, a munkáltatóm nem fizeti ki a túlórákat. Mit tehetek Németországban?",
    "Pozdrav, koliko dugo traje probni rad u Njemačkoj i koliki je otkazni rok?",
    "Γεια σας, ο εργοδότης μου δεν μου έδωσε γραπτή σύμβαση εργασίας. Είναι νόμιμο;",
    "Hi, my agency pays me less than the permanent workers doing the same job. Is that allowed in Germany?",
    "Bonjour, mon patron me demande de travailler 12 heures par jour. Est-ce légal en Allemagne ?",
    "Hallo, wie lange habe ich Zeit, gegen eine Kündigung zu klagen?",
)


@dataclass
class LoadReport:
    """Latencies (seconds) per step and the errors of one load run."""

    sessions: int
    rounds: int
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0

    def add(self, step: str, seconds: float) -> None:
        self.latencies.setdefault(step, []).append(seconds)

    @staticmethod
    def percentile(values: list[float], q: float) -> float:
        if len(values) == 1:
            return values[0]
        return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]

    def summary(self) -> str:
        lines = [f"{self.sessions} concurrent sessions × {self.rounds} round(s) in {self.wall_s:.1f} s, "
                 f"{len(self.errors)} error(s)"]
        for step, values in self.latencies.items():
            lines.append(f"  {step:<8} n={len(values):<3} p50 {self.percentile(values, 50) * 1000:7.0f} ms   "
                         f"p95 {self.percentile(values, 95) * 1000:7.0f} ms   max {max(values) * 1000:7.0f} ms")
        lines += [f"  error: {e}" for e in self.errors[:20]]
        return "\n".join(lines)


def _session(url: str, index: int, rounds: int, auth: tuple[str, str] | None, name: str, report: LoadReport,
             lock: threading.Lock, start: threading.Barrier) -> None:
    from gradio_client import Client

    start.wait()
    try:
        began = time.perf_counter()
        client = Client(url, auth=auth, verbose=False, analytics_enabled=False)
        connected = time.perf_counter() - began
        with lock:
            report.add("login", connected)
        for round_ in range(rounds):
            post = POSTS[(index + round_) % len(POSTS)]
            began = time.perf_counter()
            out = client.predict(post, "auto", "", name, api_name="/draft")
            drafted = time.perf_counter() - began
            notice, text = out[0], out[4]
            if "Drafted" not in notice or "[1]" not in text:
                raise RuntimeError(f"draft {index}.{round_} came back without a cited text: {notice[:200]}")
            began = time.perf_counter()
            out = client.predict(text, name, api_name="/approve")
            approved = time.perf_counter() - began
            if "Approved by" not in out[0] or not out[3].strip():
                raise RuntimeError(f"approval {index}.{round_} failed: {out[0][:200]}")
            with lock:
                report.add("draft", drafted)
                report.add("approve", approved)
        client.close()
    except Exception as err:  # every failure is counted and reported, none stops the others
        with lock:
            report.errors.append(f"session {index}: {type(err).__name__}: {err}")


def run_load(url: str, sessions: int = 10, rounds: int = 1,
             auth_for: Callable[[int], tuple[str, str] | None] = lambda i: None,
             name_for: Callable[[int], str] = lambda i: f"advisor{i}") -> LoadReport:
    """Run ``sessions`` clients at once against the UI at ``url`` (all start together)."""
    report = LoadReport(sessions, rounds)
    lock, start = threading.Lock(), threading.Barrier(sessions)
    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=sessions) as pool:
        for i in range(sessions):
            pool.submit(_session, url, i, rounds, auth_for(i), name_for(i), report, lock, start)
    report.wall_s = time.perf_counter() - began
    return report


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(env: dict[str, str], port: int, index_dir: str | None = None, log: Path | None = None,
           timeout_s: float = 300) -> Iterator[str]:
    """Run ``cads-rag serve`` in its own process (as advisors meet it, and without sharing
    the load generator's interpreter) and yield its URL once it answers."""
    command = [sys.executable, "-m", "cads_rag.cli", "serve", "--port", str(port)]
    command += ["--index", index_dir] if index_dir else []
    url = f"http://127.0.0.1:{port}/"
    with open(log or os.devnull, "wb") as out:
        process = subprocess.Popen(command, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout_s
            while True:
                if process.poll() is not None:
                    tail = log.read_text(errors="replace")[-2000:] if log else ""
                    raise RuntimeError(f"cads-rag serve exited with {process.returncode}: {tail}")
                try:
                    with urllib.request.urlopen(url, timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"cads-rag serve did not answer on {url} within {timeout_s:.0f} s")
                time.sleep(0.3)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3, help="drafts and approvals per session")
    args = parser.parse_args(argv)

    from cads_rag.settings import get_settings
    from cads_rag.ui.users import add_user

    with tempfile.TemporaryDirectory(prefix="cads-rag-load-") as tmp:
        users = Path(tmp) / "users.toml"
        for i in range(args.sessions):
            add_user(users, f"reviewer{i}", "reviewer", f"password-{i}")
        env = {"CADS_RAG_REVIEW_DB_URL": f"sqlite:///{tmp}/review.db", "CADS_RAG_USERS_FILE": str(users)}
        with served(env, free_port(), log=Path(tmp) / "serve.log") as url:
            report = run_load(url, args.sessions, args.rounds,
                              auth_for=lambda i: (f"reviewer{i}", f"password-{i}"), name_for=lambda i: "")
    settings = get_settings()
    print(f"advisor UI load, server in its own process (ui_concurrency {settings.ui_concurrency}, "
          f"drafter {settings.drafter}):")
    print(report.summary())
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
