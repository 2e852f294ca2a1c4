"""HTML for the advisor UI: language badge, notices, the checked draft, the source panel,
review and library cards, source units; the page's CSS and keyboard shortcuts.

Posts, drafts and edited texts are untrusted input: every piece of text is escaped here
before it becomes HTML, and only ``http(s)`` links are made clickable.

>>> language_badge("pl")
'<span class="cr-badge cr-lang" title="polski">PL · polski</span>'
>>> highlight("Die Frist beträgt drei Wochen (§ 4).", frozenset({"frist"}), frozenset({"3"}))
'Die <mark>Frist</mark> beträgt <mark>drei</mark> Wochen (§ 4).'
>>> "<script>" in notice("<script>alert(1)</script>", "error")
False
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from cads_rag.draft.models import ApprovedMatch, Check, Citation, Draft
from cads_rag.draft.sentences import MARKER
from cads_rag.figures import german_number_words, normalise_number
from cads_rag.library import SearchResponse
from cads_rag.review.models import AuditEntry, ConflictError, LogVerification, Review
from cads_rag.ui.handlers import LawEntry, LibraryEntry, SourceView
from cads_rag.ui.users import Actor

LANGUAGE_NAMES = {
    "ro": "română", "pl": "polski", "bg": "български", "it": "italiano", "es": "español", "hu": "magyar",
    "hr": "hrvatski", "el": "ελληνικά", "en": "English", "fr": "français", "de": "Deutsch",
}
STATUS_LABELS = {"ok": "ok", "uncited": "uncited", "unsupported": "unsupported", "expired": "expired"}
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:[-'][^\W\d_]+)*")
_PLACEHOLDER = re.compile(r"\[[A-Z_]+_\d+\]")
_REFERENCE_BEFORE = re.compile(r"(?:§{1,2}|Abs\.|Absatz|Art\.|Artikel|Article|Nr\.|Satz|S\.)\s*$")


def esc(text: object) -> str:
    """Escape any text for HTML (quotes too)."""
    return html.escape(str(text if text is not None else ""), quote=True)


def link(url: str, label: str | None = None) -> str:
    """A link that opens in a new tab, for http(s) addresses only (else the escaped text)."""
    if not re.match(r"^https?://[^\s\"'<>]+$", url or ""):
        return esc(label or url)
    return f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(label or url)}</a>'


def language_badge(code: str) -> str:
    name = LANGUAGE_NAMES.get(code, code)
    return f'<span class="cr-badge cr-lang" title="{esc(name)}">{esc(code.upper())} · {esc(name)}</span>'


def status_badge(status: str) -> str:
    return f'<span class="cr-badge cr-status cr-status-{esc(status)}">{esc(status)}</span>'


def notice(message: str, kind: str = "info") -> str:
    """A message box: ``info``, ``ok``, ``warn`` or ``error``."""
    if not message:
        return ""
    role = ' role="alert"' if kind == "error" else ""
    return f'<div class="cr-notice cr-{esc(kind)}"{role}>{esc(message)}</div>'


def identity(actor: Actor | None, login: bool) -> str:
    """Who is signed in, with the log-out link (login mode), or the local-mode note."""
    if not login:
        return ('<div class="cr-identity">Local mode (no users file): only this computer can open the page. '
                "Your name below goes into the audit log.</div>")
    if actor is None:
        return '<div class="cr-identity cr-error">Your account no longer exists. <a href="logout">Log out</a></div>'
    return (f'<div class="cr-identity">Signed in as <b>{esc(actor.name)}</b> · {esc(actor.role)} · '
            '<a href="logout">Log out</a></div>')


# -------------------------------------------------------------------------------- draft
def draft_summary(draft: Draft, review: Review | None, save_error: str = "", nodes=None) -> str:
    """Language, the personal data removed, myth, warnings and where the draft is stored."""
    parts = [f'<div class="cr-row">{language_badge(draft.language)} '
             f'<span class="cr-muted">drafter: {esc(draft.drafter)} · law as of {esc(draft.as_of)}</span></div>']
    if review is not None:
        parts.append(notice(f"Saved as review #{review.id} (version {review.version}) by {review.author}.", "ok"))
    if save_error:
        parts.append(notice(save_error, "error"))
    if draft.pii:
        # The originals are shown to the advisor who pasted them, never stored (PiiMatch.original is not dumped).
        removed = "".join(f"<li>{esc(p.type)} „{esc(p.original)}“ → {esc(p.placeholder)}</li>" for p in draft.pii)
        parts.append(f'<div class="cr-block"><b>Personal data removed</b> ({len(draft.pii)}), before anything else '
                     f"saw the post:<ul>{removed}</ul></div>")
    else:
        parts.append('<div class="cr-block"><b>Personal data removed:</b> none found.</div>')
    scrubbed = _PLACEHOLDER.sub(lambda m: f"\x00{m.group(0)}\x01", draft.scrubbed_question)
    scrubbed = esc(scrubbed).replace("\x00", '<span class="cr-pii">').replace("\x01", "</span>")
    parts.append(f'<details class="cr-block"><summary>The post as it was used (personal data removed)</summary>'
                 f'<div class="cr-pre">{scrubbed}</div></details>')
    if draft.myth:
        title = draft.myth
        if nodes is not None:
            node = nodes.get(f"guide|{draft.myth}||{draft.language}|0")
            title = node.metadata.get("title", title) if node is not None else title
        parts.append(notice(f"The post repeats a common myth: {title}. The draft corrects it first.", "warn"))
    if not draft.answerable:
        parts.append(notice("This post is not about labour or social law, or the guide has no page for it: the draft "
                            "says so and refers the person to counselling.", "warn"))
    for warning in draft.warnings:
        parts.append(notice(warning, "warn"))
    parts.append('<div class="cr-general">General information, not individual legal advice: check every sentence '
                 "and source before approving.</div>")
    return "\n".join(parts)


def approved_matches(matches: Sequence[ApprovedMatch], reused: int | None = None) -> str:
    """Approved answers to similar posts, with who approved them, when, and whether they are stale."""
    if not matches:
        return ""
    cards = []
    for match in matches:
        state = (f'<span class="cr-badge cr-stale">STALE</span> {esc("; ".join(match.stale_reasons))}' if match.stale
                 else '<span class="cr-badge cr-current">current</span>')
        used = " · <b>this draft starts from it</b>" if reused == match.review_id else ""
        posted = f" · posted: {link(match.posted_url, 'comment')}" if match.posted_url else ""
        cards.append(
            f'<details class="cr-card"><summary>#{match.review_id} {language_badge(match.language)} '
            f"approved by <b>{esc(match.approved_by)}</b> on {esc(match.approved_at[:10])} · "
            f"match {match.similarity:.2f} · {state}{used}{posted}</summary>"
            f'<div class="cr-muted">Question: {esc(match.question)}</div><div class="cr-pre">{esc(match.text)}</div>'
            "</details>"
        )
    return f'<div class="cr-block"><b>Approved answers to similar posts</b>{"".join(cards)}</div>'


def _link_markers(escaped: str) -> str:
    def repl(match: re.Match[str]) -> str:
        numbers = re.split(r"\s*[,;]\s*", match.group(1))
        return "[" + ", ".join(f'<a class="cr-ref" href="#cr-src-{n}">{n}</a>' for n in numbers) + "]"

    return MARKER.sub(repl, escaped)


def checked_draft(text: str, checks: Sequence[Check]) -> str:
    """The draft with every checked sentence coloured by its verdict and ``[n]`` linked to
    its source, then the counts and the sentences that need attention."""
    if not text:
        return ""
    out, cursor = [], 0
    for check in checks:
        position = text.find(check.sentence, cursor)
        if position < 0:
            continue
        out.append(_link_markers(esc(text[cursor:position])))
        title = f"{check.status}: {check.detail}" if check.detail else check.status
        out.append(f'<span class="cr-chk cr-chk-{esc(check.status)}" title="{esc(title)}">'
                   f"{_link_markers(esc(check.sentence))}</span>")
        cursor = position + len(check.sentence)
    out.append(_link_markers(esc(text[cursor:])))
    counts = Counter(c.status for c in checks)
    summary = " ".join(f'<span class="cr-badge cr-chk-{s}">{counts[s]} {s}</span>' for s in STATUS_LABELS if counts[s])
    problems = [c for c in checks if c.status != "ok"]
    listing = "".join(
        f'<li><span class="cr-badge cr-chk-{esc(c.status)}">{esc(c.status)}</span> {esc(c.sentence)}'
        f'<div class="cr-muted">{esc(c.detail)}</div></li>' for c in problems
    )
    verdict = ('<div class="cr-muted">Every sentence is backed by the source it cites.</div>' if not problems else
               f"<ul class=\"cr-problems\">{listing}</ul>")
    return (f'<div class="cr-block"><div class="cr-row"><b>Checks</b> {summary or "no sentences"}</div>'
            f'<div class="cr-draft">{"".join(out)}</div>{verdict}</div>')


def highlight(passage: str, words: frozenset[str], figures: frozenset[str]) -> str:
    """``passage`` escaped, with the words and figures it shares with the draft in ``<mark>``
    (paragraph markers and § / Art. numbers are references, not figures)."""
    out, cursor = [], 0
    for match in _TOKEN.finditer(passage):
        token = match.group(0)
        if token[0].isdigit():
            before, after = passage[: match.start()], passage[match.end(): match.end() + 1]
            reference = _REFERENCE_BEFORE.search(before) or (before.endswith("(") and after == ")")
            hit = not reference and normalise_number(token) in figures
        else:
            hit = token.casefold() in words or bool(german_number_words(token) & figures)
        if hit:
            out.append(esc(passage[cursor: match.start()]))
            out.append(f"<mark>{esc(token)}</mark>")
            cursor = match.end()
    out.append(esc(passage[cursor:]))
    return "".join(out)


def citation_heading(citation: Citation) -> str:
    """``§ 623 BGB — Schriftform der Kündigung`` (a guide page: ``Guide (pl) — title``)."""
    if citation.law == "guide":
        return f"Guide ({citation.lang}) — {citation.title}"
    name = citation.citation or f"{citation.law} {citation.section}"
    if citation.absatz and "Abs." not in name:
        name += f" Abs. {citation.absatz}"
    return f"{name} — {citation.title}" if citation.title else name


def validity(valid_from: str, valid_until: str, in_force: bool) -> str:
    if not (valid_from or valid_until):
        return ""
    span = f"valid {'from ' + valid_from if valid_from else ''}{' ' if valid_from and valid_until else ''}"
    span += f"until {valid_until}" if valid_until else ""
    css = "cr-expired" if not in_force else "cr-muted"
    return f'<span class="{css}">{esc(span)}{"" if in_force else " — NOT IN FORCE on the as-of date"}</span>'


def source_panel(views: Sequence[SourceView]) -> str:
    """One card per source ``[n]``: heading, the passage with the supporting words marked,
    link, Stand and validity (out of force in red)."""
    if not views:
        return ""
    cards = []
    for view in views:
        citation = view.citation
        meta = []
        if citation.url:
            meta.append(link(citation.url, "open the source"))
        if citation.stand:
            meta.append(f"Stand: {esc(citation.stand)}")
        valid = validity(citation.valid_from, citation.valid_until, view.in_force)
        if valid:
            meta.append(valid)
        if citation.sources:
            meta.append("rests on " + esc(", ".join(f"§ {s.section} {s.law}" if not s.section.startswith(("Art", "p."))
                                                   else f"{s.section} {s.law}" for s in citation.sources)))
        if not view.cited_by:
            meta.append("listed under the sources; no sentence cites it")
        passage = (f'<blockquote class="cr-quote">{highlight(view.passage, view.words, view.figures)}</blockquote>'
                   if view.passage else "")
        css = " cr-card-expired" if not view.in_force else ""
        cards.append(
            f'<div class="cr-card{css}" id="cr-src-{citation.n}"><div><b>[{citation.n}] {esc(citation_heading(citation))}</b>'
            f"</div>{passage}<div class=\"cr-meta\">{' · '.join(meta)}</div></div>"
        )
    return f'<div class="cr-sources"><b>Sources</b>{"".join(cards)}</div>'


def conflict_notice(err: ConflictError) -> str:
    return notice(
        f"Not saved: {err.changed_by} saved review #{err.review_id} first (now version {err.current_version}). "
        "Your text is still in the answer box and was kept as a conflict revision; their text is shown below. "
        "Merge the two and press Save again.", "error")


# ------------------------------------------------------------------------------ reviews
REVIEW_COLUMNS = ["#", "status", "language", "advisor", "updated", "stale", "post (personal data removed)"]


def review_rows(reviews: Iterable[Review]) -> list[list[str]]:
    """Rows for the review table (plain text: the table does not render HTML)."""
    rows = []
    for review in reviews:
        question = " ".join(review.question.split())
        rows.append([str(review.id), review.status, review.language, review.author, review.updated_at[:16].replace("T", " "),
                     "STALE" if review.stale else "", question[:120] + ("…" if len(question) > 120 else "")])
    return rows


def _when(timestamp: str | None) -> str:
    """``2026-12-06T19:08:11+00:00`` → ``2026-12-06 19:08`` (UTC, as stored)."""
    return esc((timestamp or "")[:16].replace("T", " "))


def review_details(review: Review, entries: Sequence[AuditEntry] = ()) -> str:
    """Status and provenance of one review, its revisions and its audit trail."""
    who = [f"drafted by <b>{esc(review.author)}</b> on {_when(review.created_at)}"]
    if review.approved_by:
        who.append(f"approved by <b>{esc(review.approved_by)}</b> on {_when(review.approved_at)}")
    if review.posted_by:
        posted = f" ({link(review.posted_url, 'comment')})" if review.posted_url else ""
        who.append(f"posted by <b>{esc(review.posted_by)}</b> on {_when(review.posted_at)}{posted}")
    if review.rejected_by:
        who.append(f"rejected by <b>{esc(review.rejected_by)}</b>: {esc(review.reject_reason or '')}")
    stale = notice(f"Stale: {review.stale_reason}", "warn") if review.stale else ""
    revisions = "".join(
        f"<li>revision {r.number} · {esc(r.kind)} on version {r.based_on} · {esc(r.author)} · {_when(r.created_at)}</li>"
        for r in review.revisions
    )
    trail = "".join(
        f"<li>{_when(e.at)} · <b>{esc(e.actor)}</b> {esc(e.action)}</li>" for e in entries
    )
    return (
        f'<div class="cr-block"><div class="cr-row">#{review.id} {status_badge(review.status)} {language_badge(review.language)}'
        f' <span class="cr-muted">version {review.version} · drafter {esc(review.drafter)} · law as of {esc(review.as_of)}</span>'
        f"</div><div>{' · '.join(who)}</div>{stale}"
        f'<details><summary>The post (personal data removed)</summary><div class="cr-pre">{esc(review.question)}</div></details>'
        f"<details><summary>Revisions ({len(review.revisions)})</summary><ul>{revisions}</ul></details>"
        f"<details><summary>Audit trail ({len(entries)})</summary><ul>{trail}</ul></details></div>"
    )


def audit_verdict(result: LogVerification) -> str:
    if result.ok:
        return notice(f"The audit log is intact: {result.entries} entries, head {result.head_hash[:16]}…", "ok")
    return notice("The audit log is BROKEN: " + "; ".join(result.problems[:10]), "error")


def library_cards(entries: Sequence[LibraryEntry]) -> str:
    """Approved answers with provenance; stale ones marked with the reason."""
    if not entries:
        return notice("No approved answer matches.", "info")
    cards = []
    for entry in entries:
        review = entry.review
        state = (f'<span class="cr-badge cr-stale">STALE</span> <span class="cr-expired">{esc("; ".join(entry.stale_reasons))}</span>'
                 if entry.stale_reasons else '<span class="cr-badge cr-current">current</span>')
        posted = f" · posted by {esc(review.posted_by)}" + (f" ({link(review.posted_url, 'comment')})" if review.posted_url else "") \
            if review.status == "posted" else ""
        units = ", ".join(f"[{u.n}] {u.citation or u.law + ' ' + u.section}" + (f" (Stand {u.stand})" if u.stand else "")
                          for u in review.units)
        cards.append(
            f'<div class="cr-card{" cr-card-stale" if entry.stale_reasons else ""}" data-review="{review.id}">'
            f'<div class="cr-row">#{review.id} {language_badge(review.language)} {state}</div>'
            f'<div class="cr-muted">drafted by {esc(review.author)} · approved by <b>{esc(review.approved_by or "")}</b> on '
            f"{esc((review.approved_at or '')[:10])}{posted}</div>"
            f'<details><summary>Question</summary><div class="cr-pre">{esc(review.question)}</div></details>'
            f'<div class="cr-pre">{esc(review.final_text or review.text)}</div>'
            f'<div class="cr-meta">cites {esc(units) or "nothing"}</div></div>'
        )
    return f'<div class="cr-library">{"".join(cards)}</div>'


# ------------------------------------------------------------------------------ sources
def catalogue(entries: Iterable[LawEntry]) -> str:
    """The table of all sources: name, kind, number of units and Stand."""
    rows = "".join(
        f"<tr><td>{esc(e.label)}</td><td>{esc(e.kind)}</td><td>{e.units}</td><td>{esc(e.stand)}</td></tr>" for e in entries
    )
    return ('<table class="cr-table"><thead><tr><th>source</th><th>kind</th><th>units</th><th>Stand</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def source_units(nodes: Sequence) -> str:
    """The full text of one § / Article / guide page, with heading, Stand, validity and link."""
    cards = []
    for node in nodes:
        meta = node.metadata
        heading = meta.get("citation") or f"{meta.get('law')} {meta.get('section')}"
        if meta.get("absatz"):
            heading += f" Abs. {meta['absatz']}"
        info = [esc(meta.get("gliederung", ""))] if meta.get("gliederung") else []
        if meta.get("stand"):
            info.append(f"Stand: {esc(meta['stand'])}")
        valid = validity(meta.get("valid_from", ""), meta.get("valid_until", ""), True)
        if valid:
            info.append(valid)
        if meta.get("url"):
            info.append(link(meta["url"], "open the source"))
        cards.append(f'<div class="cr-card"><b>{esc(heading)}</b> — {esc(meta.get("title", ""))}'
                     f'<div class="cr-meta">{" · ".join(info)}</div><div class="cr-pre">{esc(node.get_content())}</div></div>')
    return "".join(cards)


def search_results(response: SearchResponse) -> str:
    rows = [f'<div class="cr-row">Read as {language_badge(response.language) if response.language != "unknown" else "an unknown language"}'
            f" · {len(response.results)} results</div>"]
    for result in response.results:
        excerpt = " ".join(result.text.split())
        heading = result.citation if result.law != "guide" else f"Guide ({result.lang})"
        info = [f"Stand: {esc(result.stand)}"] if result.stand else []
        valid = validity(result.valid_from, result.valid_until, True)
        if valid:
            info.append(valid)
        if result.url:
            info.append(link(result.url, "open the source"))
        rows.append(f'<div class="cr-card"><b>{result.rank}. {esc(heading)}</b> — {esc(result.title)}'
                    f'<div class="cr-meta">{" · ".join(info)}</div>'
                    f'<div>{esc(excerpt[:500])}{"…" if len(excerpt) > 500 else ""}</div></div>')
    return "".join(rows)


CSS = """
.cr-badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:0.85em;font-weight:600;margin-right:4px}
.cr-lang{background:#1a73e8;color:#fff}
.cr-status{background:#5f6368;color:#fff}
.cr-status-approved,.cr-status-posted,.cr-current{background:#137333;color:#fff}
.cr-status-rejected{background:#a50e0e;color:#fff}
.cr-stale{background:#b3261e;color:#fff}
.cr-chk-ok{background:#e6f4ea;color:#0d652d}
.cr-chk-uncited{background:#fef7e0;color:#8a4b00}
.cr-chk-unsupported{background:#fce8e6;color:#a50e0e}
.cr-chk-expired{background:#f3e8fd;color:#6a1b9a}
.cr-chk{border-radius:3px;padding:0 2px}
.cr-notice{padding:8px 12px;border-radius:6px;margin:6px 0;border:1px solid}
.cr-info{background:#e8f0fe;border-color:#aecbfa;color:#174ea6}
.cr-ok{background:#e6f4ea;border-color:#a8dab5;color:#0d652d}
.cr-warn{background:#fef7e0;border-color:#fdd663;color:#8a4b00}
.cr-error{background:#fce8e6;border-color:#f6aea9;color:#a50e0e}
.cr-general{font-style:italic;margin:6px 0}
.cr-muted{opacity:0.75;font-size:0.9em}
.cr-expired{color:#c5221f;font-weight:600}
.cr-block,.cr-card{margin:8px 0}
.cr-card{border:1px solid #dadce0;border-radius:8px;padding:8px 12px}
.cr-card-expired,.cr-card-stale{border-color:#c5221f}
.cr-meta{font-size:0.9em;margin-top:4px}
.cr-quote{margin:6px 0;padding-left:10px;border-left:3px solid #dadce0}
.cr-quote mark{background:#fff176;color:#000}
.cr-pre,.cr-draft{white-space:pre-wrap}
.cr-pii{background:#e8eaed;color:#202124;border-radius:3px;padding:0 2px;font-family:monospace}
.cr-row{display:flex;gap:6px;align-items:center;flex-wrap:wrap}
.cr-ref{text-decoration:none;font-weight:600;padding:0 1px}
.cr-table{border-collapse:collapse;font-size:0.9em}
.cr-table td,.cr-table th{border-bottom:1px solid #dadce0;padding:3px 8px;text-align:left;vertical-align:top}
.cr-shortcuts kbd{border:1px solid #bbb;border-radius:3px;padding:0 4px;font-size:0.85em}
"""

# Alt+A approves and Alt+S saves the answer on the visible tab (by event.code, so that the
# keyboard layout does not matter); the buttons carry ids ending in -approve / -save.
SHORTCUTS_HEAD = """
<script>
document.addEventListener('keydown', function (event) {
  if (!event.altKey || event.ctrlKey || event.metaKey) return;
  var action = {KeyA: 'approve', KeyS: 'save'}[event.code];
  if (!action) return;
  var buttons = document.querySelectorAll('button[id$="-' + action + '"]');
  for (var i = 0; i < buttons.length; i++) {
    var button = buttons[i];
    if (button.offsetParent !== null && !button.disabled) {
      event.preventDefault();
      button.click();
      return;
    }
  }
});
</script>
"""
