"""The advisor UI as Gradio Blocks (tabs Draft, Review, Library, Sources), and serving it.

``build_app(library, settings)`` wires the plain functions of :mod:`cads_rag.ui.handlers`
to components; ``start(...)`` checks where it may bind, then launches with login (when
the users file has accounts), the queue's concurrency limit, no telemetry and no outside
requests; ``serve(...)`` is what ``python app.py`` and ``cads-rag serve`` run.

Binding: with no users configured the page has no login, so it binds only to a loopback
address (127.0.0.1, ::1, localhost); any other address is refused with
:class:`BindRefused` until users exist (``cads-rag users add NAME --role reviewer``).

>>> check_binding("127.0.0.1", login=False)
>>> check_binding("0.0.0.0", login=False)
Traceback (most recent call last):
cads_rag.ui.app.BindRefused: refusing to serve on 0.0.0.0 without login: ...
"""

from __future__ import annotations

import functools
import getpass
import ipaddress
import logging
import sys
from collections.abc import Callable, Iterator
from typing import Any

import gradio as gr

from cads_rag.library import Library
from cads_rag.review.models import ConflictError, Review
from cads_rag.settings import LANGUAGES, Settings, get_settings
from cads_rag.ui import handlers, render
from cads_rag.ui.handlers import Drafted, UIError
from cads_rag.ui.users import Actor, UserDirectory, UsersFileError, check_name

log = logging.getLogger(__name__)

WARM_UP_POST = "Wie lange habe ich Zeit, gegen eine Kündigung zu klagen?"
SHORTCUTS = ('<div class="cr-shortcuts cr-muted"><kbd>Shift</kbd>+<kbd>Enter</kbd> in the post drafts · '
             "<kbd>Alt</kbd>+<kbd>A</kbd> approves · <kbd>Alt</kbd>+<kbd>S</kbd> saves the answer shown</div>")


class BindRefused(RuntimeError):
    """The UI would be reachable from other machines without a login."""


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_binding(host: str, login: bool, users_path: str = "") -> None:
    """Refuse a non-loopback ``host`` when there is no login."""
    if login or is_loopback(host):
        return
    where = f" (users file: {users_path})" if users_path else ""
    raise BindRefused(
        f"refusing to serve on {host} without login: no users are configured{where}. Add users with "
        "`cads-rag users add NAME --role advisor|reviewer|admin`, or serve on 127.0.0.1."
    )


def local_user(settings: Settings) -> str:
    """The name recorded in local mode: ``ui_user``, else the login name of this computer."""
    if settings.ui_user:
        return settings.ui_user
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _language_choices(first_label: str, first_value: str) -> list[tuple[str, str]]:
    return [(first_label, first_value)] + [
        (f"{render.LANGUAGE_NAMES[code]} ({code})", code) for code in LANGUAGES
    ]


def build_app(library: Library, settings: Settings | None = None, users: UserDirectory | None = None):
    """The Gradio Blocks of the advisor UI over one shared ``library`` (see module docstring)."""
    settings = settings or library.settings
    login = users is not None and users.configured

    def actor_of(request: gr.Request | None, local_name: str | None) -> Actor:
        if login:
            actor = users.actor(getattr(request, "username", None))
            if actor is None:
                raise handlers.PermissionDenied("Your account no longer exists in the users file: log out and ask an admin.")
            return actor
        name = (local_name or "").strip()
        if not name:
            raise UIError("Type your name in the box at the top first: it goes into the audit log.")
        try:
            return Actor(check_name(name), "admin")
        except UsersFileError as err:
            raise UIError(str(err)) from None

    def guarded(fn: Callable[..., dict], notice_box) -> Callable[..., dict]:
        """Run ``fn``; a :class:`UIError` or an unexpected failure becomes a message in
        ``notice_box`` (never a stack trace); the other outputs keep their values."""

        @functools.wraps(fn)  # Gradio reads the signature to pass gr.Request / gr.SelectData
        def run(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except UIError as err:
                return {notice_box: render.notice(str(err), "error")}
            except Exception:
                log.exception("the advisor UI failed")
                return {notice_box: render.notice("Something went wrong (details in the server log). Your text is "
                                                  "still here; try again.", "error")}

        return run

    with gr.Blocks(title="cads_rag — advisor desk", analytics_enabled=False) as demo:
        with gr.Row(equal_height=True):
            gr.HTML("<h2 style='margin:0'>cads_rag · advisor desk</h2>"
                    "<div class='cr-muted'>Draft cited answers to labour-rights posts; nothing is posted without approval.</div>")
            identity = gr.HTML(render.identity(None, False) if not login else "")
            local_name = gr.Textbox(label="Your name (audit log)", value=local_user(settings), visible=not login,
                                    max_lines=1, scale=0, min_width=220, elem_id="local-name")

        with gr.Tabs():
            # ------------------------------------------------------------------ Draft
            with gr.Tab("Draft", id="draft"):
                with gr.Row():
                    with gr.Column(scale=5):
                        post = gr.Textbox(label="Facebook post", lines=8, max_lines=30, elem_id="post",
                                          placeholder="Paste the post here, in any of the 11 languages. Names, phone "
                                                      "numbers and other personal data are removed before anything else.")
                        with gr.Row():
                            language = gr.Dropdown(_language_choices("Detect automatically", "auto"), value="auto", label="Language",
                                                   elem_id="language")
                            as_of = gr.Textbox(label="Law as of (YYYY-MM-DD; empty: today)", max_lines=1, elem_id="as-of")
                        draft_button = gr.Button("Draft answer", variant="primary", elem_id="draft-button")
                        gr.HTML(SHORTCUTS)
                        draft_notice = gr.HTML(elem_id="draft-notice")
                        summary = gr.HTML(elem_id="draft-summary")
                        approved_html = gr.HTML(elem_id="draft-approved")
                    with gr.Column(scale=7):
                        preview = gr.HTML(elem_id="draft-preview")
                        text = gr.Textbox(label="Answer (edit it here, then approve)", lines=14, max_lines=40,
                                          elem_id="draft-text")
                        conflict = gr.Textbox(label="Saved meanwhile by someone else", lines=8, visible=False,
                                              interactive=False, buttons=["copy"], elem_id="draft-conflict")
                        with gr.Row():
                            save_button = gr.Button("Save", elem_id="draft-save")
                            approve_button = gr.Button("Approve", variant="primary", elem_id="draft-approve")
                            reject_button = gr.Button("Reject", variant="stop", elem_id="draft-reject")
                        reason = gr.Textbox(label="Reason (needed to reject)", max_lines=2, elem_id="draft-reason")
                        export_box = gr.Textbox(label="Copy-ready answer (after approval)", lines=8, interactive=False,
                                                buttons=["copy"], elem_id="draft-export")
                        sources = gr.HTML(elem_id="draft-sources")
                draft_state = gr.State({})

            # ----------------------------------------------------------------- Review
            with gr.Tab("Review", id="review") as review_tab:
                with gr.Row():
                    r_language = gr.Dropdown(_language_choices("All languages", ""), value="", label="Language")
                    r_status = gr.Dropdown(list(handlers.STATUS_FILTERS), value="open", label="Status",
                                           info="open = draft or edited")
                    r_advisor = gr.Textbox(label="Advisor", max_lines=1, placeholder="any")
                    r_refresh = gr.Button("Refresh", scale=0)
                table = gr.Dataframe(headers=render.REVIEW_COLUMNS, datatype="str", interactive=False, wrap=True,
                                     max_height=360, column_widths=["6%", "9%", "8%", "11%", "14%", "7%", "45%"],
                                     elem_id="review-table")
                with gr.Row():
                    r_id = gr.Number(None, label="Review # (or click a row)", precision=0, minimum=0, elem_id="review-id")
                    r_open = gr.Button("Open", scale=0)
                r_notice = gr.HTML(elem_id="review-notice")
                with gr.Row():
                    with gr.Column(scale=6):
                        r_details = gr.HTML()
                        r_preview = gr.HTML()
                        r_text = gr.Textbox(label="Answer", lines=12, max_lines=40, elem_id="review-text")
                        r_conflict = gr.Textbox(label="Saved meanwhile by someone else", lines=8, visible=False,
                                                interactive=False, buttons=["copy"])
                        with gr.Row():
                            r_save = gr.Button("Save", elem_id="review-save")
                            r_approve = gr.Button("Approve", variant="primary", elem_id="review-approve")
                            r_reject = gr.Button("Reject", variant="stop", elem_id="review-reject")
                        r_reason = gr.Textbox(label="Reason (needed to reject)", max_lines=2)
                        with gr.Row():
                            r_url = gr.Textbox(label="Link to the posted comment (optional)", max_lines=1)
                            r_post = gr.Button("Mark as posted", scale=0, elem_id="review-post")
                        r_export = gr.Textbox(label="Copy-ready answer (approved answers)", lines=8, interactive=False,
                                              buttons=["copy"], elem_id="review-export")
                    with gr.Column(scale=5):
                        r_sources = gr.HTML()
                with gr.Accordion("Audit log (admins)", open=False, visible=True) as audit_box:
                    verify_button = gr.Button("Check the audit log")
                    verify_out = gr.HTML()
                r_state = gr.State({})

            # ---------------------------------------------------------------- Library
            with gr.Tab("Library", id="library") as library_tab:
                with gr.Row():
                    l_language = gr.Dropdown(_language_choices("All languages", ""), value="", label="Language")
                    l_query = gr.Textbox(label="Contains", max_lines=1, placeholder="a word of the question or answer")
                    l_stale = gr.Checkbox(label="Stale only", value=False)
                    l_refresh = gr.Button("Refresh", scale=0)
                gr.HTML('<div class="cr-muted">Approved answers with who approved them and when. A stale answer cites a '
                        "provision that changed or is no longer in force: do not reuse it unchecked.</div>")
                l_cards = gr.HTML(elem_id="library-cards")

            # ---------------------------------------------------------------- Sources
            with gr.Tab("Sources", id="sources"):
                catalogue = handlers.source_catalogue(library)
                with gr.Row():
                    s_law = gr.Dropdown([(e.label, e.key) for e in catalogue.values()], value=None, label="Source",
                                        elem_id="source-law")
                    s_section = gr.Dropdown([], value=None, label="§ / Article / page", allow_custom_value=True,
                                            elem_id="source-section")
                s_law_info = gr.HTML(render.catalogue(catalogue.values()))
                s_units = gr.HTML(elem_id="source-units")
                gr.HTML("<hr>")
                with gr.Row():
                    s_query = gr.Textbox(label="Search the sources", max_lines=1, scale=4,
                                         placeholder="a question in any of the 11 languages, or “§ 623 BGB”")
                    s_language = gr.Dropdown(_language_choices("Detect automatically", "auto"), value="auto", label="Language")
                    s_search = gr.Button("Search", scale=0)
                s_results = gr.HTML(elem_id="source-results")

        # ====================================================================== events
        draft_outputs = [draft_notice, summary, approved_html, preview, text, conflict, export_box, sources, draft_state]

        def drafted_outputs(drafted: Drafted) -> dict:
            draft, review = drafted.draft, drafted.review
            views = handlers.source_views(library, draft.citations, draft.text, draft.language, draft.as_of)
            state = {"review_id": review.id, "version": review.version} if review else {}
            return {
                draft_notice: render.notice("Drafted. Check the sentences and sources, edit the answer, then approve.", "ok")
                if review else "",
                summary: render.draft_summary(draft, review, drafted.save_error, library.index.nodes),
                approved_html: render.approved_matches(draft.approved_answers, draft.reused_review_id),
                preview: render.checked_draft(draft.text, draft.checks),
                text: draft.text,
                conflict: gr.update(value="", visible=False),
                export_box: "",
                sources: render.source_panel(views),
                draft_state: state,
            }

        def on_draft(post_text, language_code, as_of_text, name, request: gr.Request) -> Iterator[dict]:
            try:
                actor = actor_of(request, name)
                handlers.check_post(library, post_text)
                yield {draft_notice: render.notice("Drafting: detecting the language, removing personal data, "
                                                   "retrieving the provisions, writing and checking…", "info")}
                for item in handlers.stream_draft(library, actor, post_text, language_code, as_of_text):
                    if isinstance(item, str):
                        yield {text: item, draft_notice: render.notice("Writing… the checks follow when the text is "
                                                                       "complete.", "info")}
                    else:
                        yield drafted_outputs(item)
            except UIError as err:
                yield {draft_notice: render.notice(str(err), "error")}
            except Exception:
                log.exception("drafting failed")
                yield {draft_notice: render.notice("Drafting failed (details in the server log). Your post is still "
                                                   "in the box; try again.", "error")}

        def review_outputs(actor: Actor, review: Review, notice_box, preview_box, conflict_box, export_out,
                           state_box, message: str) -> dict:
            """After a save/approve/reject: the message, the checks of the text as stored, the export."""
            checks = handlers.recheck(library, review.text, handlers.citations_of(review), review.language, review.as_of)
            exported = handlers.export(library, actor, review.id) if review.status in ("approved", "posted") else ""
            return {
                notice_box: render.notice(message, "ok"),
                preview_box: render.checked_draft(review.text, checks),
                conflict_box: gr.update(value="", visible=False),
                export_out: exported,
                state_box: {"review_id": review.id, "version": review.version},
            }

        def conflict_outputs(err: ConflictError, notice_box, conflict_box, state_box) -> dict:
            return {
                notice_box: render.conflict_notice(err),
                conflict_box: gr.update(value=err.current_text, visible=True,
                                        label=f"Saved meanwhile by {err.changed_by} (version {err.current_version})"),
                state_box: {"review_id": err.review_id, "version": err.current_version},
            }

        def action(kind: str, notice_box, preview_box, conflict_box, export_out, state_box):
            def run(value, name, state, request: gr.Request):
                actor = actor_of(request, name)
                state = state or {}
                review_id, version = state.get("review_id"), state.get("version")
                try:
                    if kind == "save":
                        review = handlers.save_text(library, actor, review_id, version, value)
                        message = (f"Saved by {actor.name}: version {review.version}." if review.version != version
                                   else f"Nothing to save: the text is the same as version {review.version}.")
                    elif kind == "approve":
                        review = handlers.approve(library, actor, review_id, version, value)
                        message = f"Approved by {actor.name}. The copy-ready answer is below."
                    else:
                        review = handlers.reject(library, actor, review_id, version, value)
                        message = f"Rejected by {actor.name}: {review.reject_reason}"
                except ConflictError as err:
                    return conflict_outputs(err, notice_box, conflict_box, state_box)
                return review_outputs(actor, review, notice_box, preview_box, conflict_box, export_out, state_box, message)

            return guarded(run, notice_box)

        # The button and Shift+Enter share one limit: at most ui_concurrency drafts at once in all.
        draft_event = dict(fn=on_draft, inputs=[post, language, as_of, local_name], outputs=draft_outputs,
                           show_progress_on=[preview], concurrency_id="draft")
        draft_button.click(**draft_event, api_name="draft")
        post.submit(**draft_event, api_visibility="private")
        action_outputs = [draft_notice, preview, conflict, export_box, draft_state]
        save_button.click(action("save", *action_outputs), [text, local_name, draft_state], action_outputs, api_name="save")
        approve_button.click(action("approve", *action_outputs), [text, local_name, draft_state], action_outputs,
                             api_name="approve")
        reject_button.click(action("reject", *action_outputs), [reason, local_name, draft_state], action_outputs,
                            api_name="reject")

        # ------------------------------------------------------------- review events
        def on_reviews(language_code, status, advisor, name, request: gr.Request) -> dict:
            actor = actor_of(request, name)
            reviews = handlers.list_reviews(library, actor, language_code, status, advisor)
            rows = render.review_rows(reviews)
            return {table: rows, r_notice: "" if rows else render.notice("No review matches these filters.", "info")}

        review_filters = [r_language, r_status, r_advisor, local_name]
        list_event = dict(fn=guarded(on_reviews, r_notice), inputs=review_filters, outputs=[table, r_notice])
        r_refresh.click(**list_event, api_name="reviews")
        review_tab.select(**list_event, api_visibility="private")
        for control in (r_language, r_status):
            control.change(**list_event, api_visibility="private")
        r_advisor.submit(**list_event, api_visibility="private")

        review_outputs_all = [r_notice, r_details, r_preview, r_text, r_conflict, r_export, r_sources, r_state, r_id]

        def on_open(review_id, name, request: gr.Request) -> dict:
            actor = actor_of(request, name)
            review = handlers.open_review(library, actor, review_id)
            citations = handlers.citations_of(review)
            checks = handlers.recheck(library, review.text, citations, review.language, review.as_of)
            views = handlers.source_views(library, citations, review.text, review.language, review.as_of)
            editable = review.status in ("draft", "edited")
            may_change = editable and (actor.can_review or review.author == actor.name)
            hint = "" if may_change else (
                "Read only: " + (f"this answer is {review.status}." if not editable else
                                 f"drafted by {review.author}; advisors change only their own drafts."))
            return {
                r_notice: render.notice(hint, "info") if hint else "",
                r_details: render.review_details(review, handlers.audit_log(library, actor, review.id)),
                r_preview: render.checked_draft(review.text, checks),
                r_text: gr.update(value=review.text, interactive=may_change),
                r_conflict: gr.update(value="", visible=False),
                r_export: handlers.export(library, actor, review.id) if review.status in ("approved", "posted") else "",
                r_sources: render.source_panel(views),
                r_state: {"review_id": review.id, "version": review.version},
                r_id: review.id,
            }

        open_event = dict(fn=guarded(on_open, r_notice), inputs=[r_id, local_name], outputs=review_outputs_all)
        r_open.click(**open_event, api_name="open_review")
        r_id.submit(**open_event, api_visibility="private")

        def on_select(name, evt: gr.SelectData, request: gr.Request) -> dict:
            row = evt.row_value or []
            return on_open(int(row[0]), name, request) if row and str(row[0]).isdigit() else {}

        table.select(guarded(on_select, r_notice), [local_name], review_outputs_all, api_visibility="private")

        r_action_outputs = [r_notice, r_preview, r_conflict, r_export, r_state]

        def on_refresh(language_code, status, advisor, name, request: gr.Request) -> dict:
            return {table: on_reviews(language_code, status, advisor, name, request)[table]}

        refresh_table = dict(fn=guarded(on_refresh, r_notice), inputs=review_filters, outputs=[table, r_notice],
                             api_visibility="private", show_progress="hidden")
        r_save.click(action("save", *r_action_outputs), [r_text, local_name, r_state], r_action_outputs,
                     api_name="review_save").then(**refresh_table)
        r_approve.click(action("approve", *r_action_outputs), [r_text, local_name, r_state], r_action_outputs,
                        api_name="review_approve").then(**refresh_table)
        r_reject.click(action("reject", *r_action_outputs), [r_reason, local_name, r_state], r_action_outputs,
                       api_name="review_reject").then(**refresh_table)

        def on_post(url, name, state, request: gr.Request) -> dict:
            actor = actor_of(request, name)
            review = handlers.mark_posted(library, actor, (state or {}).get("review_id"), url)
            return {r_notice: render.notice(f"Marked as posted by {actor.name}.", "ok"),
                    r_state: {"review_id": review.id, "version": review.version},
                    r_export: handlers.export(library, actor, review.id)}

        r_post.click(guarded(on_post, r_notice), [r_url, local_name, r_state], [r_notice, r_state, r_export],
                     api_name="review_post").then(**refresh_table)

        def on_verify(name, request: gr.Request) -> dict:
            return {verify_out: render.audit_verdict(handlers.verify_audit(library, actor_of(request, name)))}

        verify_button.click(guarded(on_verify, verify_out), [local_name], [verify_out], api_name="verify_audit_log")

        # ------------------------------------------------------------ library events
        def on_library(language_code, query, stale_only) -> dict:
            return {l_cards: render.library_cards(handlers.library_entries(library, language_code, query, stale_only))}

        library_event = dict(fn=guarded(on_library, l_cards), inputs=[l_language, l_query, l_stale], outputs=[l_cards])
        l_refresh.click(**library_event, api_name="library")
        library_tab.select(**library_event, api_visibility="private")
        for control in (l_language, l_stale):
            control.change(**library_event, api_visibility="private")
        l_query.submit(**library_event, api_visibility="private")

        # ------------------------------------------------------------ sources events
        def on_law(key) -> dict:
            entry = catalogue.get(key or "")
            if entry is None:
                return {s_section: gr.update(choices=[], value=None), s_law_info: render.catalogue(catalogue.values()),
                        s_units: ""}
            info = f"{entry.units} units" + (f" · Stand: {entry.stand}" if entry.stand else "")
            return {s_section: gr.update(choices=entry.sections, value=entry.sections[0] if entry.sections else None),
                    s_law_info: f'<div class="cr-muted">{render.esc(info)}</div>', s_units: ""}

        s_law.change(guarded(on_law, s_law_info), [s_law], [s_section, s_law_info, s_units], api_visibility="private")

        def on_section(key, section) -> dict:
            if not key or not section:
                return {s_units: ""}
            return {s_units: render.source_units(handlers.source_units(library, key, section))}

        s_section.change(guarded(on_section, s_units), [s_law, s_section], [s_units], api_name="source")

        def on_search(query, language_code) -> dict:
            return {s_results: render.search_results(handlers.search_sources(library, query, language_code))}

        search_event = dict(fn=guarded(on_search, s_results), inputs=[s_query, s_language], outputs=[s_results])
        s_search.click(**search_event, api_name="search")
        s_query.submit(**search_event, api_visibility="private")

        # --------------------------------------------------------------- page load
        reviewer_only = [approve_button, r_approve, r_post]

        def on_load(request: gr.Request) -> dict:
            if not login:
                return {identity: render.identity(None, False)}
            actor = users.actor(getattr(request, "username", None))
            may_review = actor is not None and actor.can_review
            updates: dict[Any, Any] = {identity: render.identity(actor, True)}
            updates.update({button: gr.update(visible=may_review) for button in reviewer_only})
            updates[audit_box] = gr.update(visible=actor is not None and actor.role == "admin")
            return updates

        demo.load(on_load, None, [identity, *reviewer_only, audit_box], api_visibility="private")

    demo.queue(default_concurrency_limit=settings.ui_concurrency, max_size=settings.ui_queue_size)
    return demo


def launch_options(users: UserDirectory | None) -> dict[str, Any]:
    """``launch()`` arguments: login when users exist, the page's CSS and shortcuts, and
    everything that would reach outside or keep posts in the browser turned off."""
    login = users is not None and users.configured
    return {
        "auth": users.login if login else None,
        "auth_message": "cads_rag advisor desk: sign in with the name and password an admin gave you." if login else None,
        "css": render.CSS,
        "head": render.SHORTCUTS_HEAD,
        "share": False,
        "show_error": False,  # messages come from the handlers; never a stack trace
        "ssr_mode": False,
        "pwa": False,
        "mcp_server": False,
        "enable_monitoring": False,
        "run_history": False,  # posts carry personal data: do not keep them in the browser
        "footer_links": ["api"],
    }


def start(library: Library, settings: Settings | None = None, host: str | None = None, port: int | None = None,
          users: UserDirectory | None = None, block: bool = True, quiet: bool = False):
    """Check the binding, build and launch the UI; returns the running Blocks (``block=False``:
    returns at once, stop it with ``demo.close()``)."""
    settings = settings or library.settings
    host = host or settings.ui_host
    port = port if port is not None else settings.ui_port
    users = users if users is not None else UserDirectory(settings.users_path)
    check_binding(host, users.configured, str(settings.users_path))
    demo = build_app(library, settings, users)
    demo.launch(server_name=host, server_port=port, prevent_thread_lock=not block, quiet=quiet, **launch_options(users))
    return demo


def serve(host: str | None = None, port: int | None = None, settings: Settings | None = None) -> int:
    """``python app.py`` / ``cads-rag serve``: exit code 0, 2 (bad users file or refused
    binding) or 3 (no index)."""
    from cads_rag.index.store import IndexMissingError

    settings = settings or get_settings()
    host = host or settings.ui_host
    try:
        users = UserDirectory(settings.users_path)
        check_binding(host, users.configured, str(settings.users_path))
        library = Library.load(settings)
    except (UsersFileError, BindRefused) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except IndexMissingError as err:
        print(f"error: {err}", file=sys.stderr)
        return 3
    mode = f"login for {len(users.users())} user(s) from {settings.users_path}" if users.configured else \
        f"local mode for {local_user(settings) or 'one user'} (no users file at {settings.users_path})"
    print(f"cads_rag advisor UI: warming up, then serving on http://{host}:{port or settings.ui_port} ({mode})",
          file=sys.stderr)
    library.draft(WARM_UP_POST)  # load the drafting models before the first advisor waits
    start(library, settings, host, port, users, block=True, quiet=True)  # no "share=True" hint: never share
    return 0
