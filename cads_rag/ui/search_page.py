"""A search page: paste a post, see the ranked provisions with citations and links.

>>> format_results(SearchResponse(query="q", language="pl", results=[]))
'**Language:** pl\\n\\nNo provision found.'
"""

from __future__ import annotations

import html

from cads_rag.library import InvalidQueryError, Library, SearchResponse


def format_results(response: SearchResponse) -> str:
    """Markdown for a search response: citation, heading, link, Stand and an excerpt."""
    lines = [f"**Language:** {response.language}", ""]
    if not response.results:
        lines.append("No provision found.")
    for result in response.results:
        title = f" — {html.escape(result.title)}" if result.title else ""
        link = f" ([source]({result.url}))" if result.url else ""
        lines.append(f"**{result.rank}. {html.escape(result.citation)}**{title}{link}")
        meta = [f"Stand: {result.stand}" if result.stand else "", f"valid until {result.valid_until}" if result.valid_until else ""]
        if any(meta):
            lines.append(f"<small>{' · '.join(m for m in meta if m)}</small>")
        excerpt = " ".join(result.text.split())
        lines.append(f"> {html.escape(excerpt[:600])}{'…' if len(excerpt) > 600 else ''}")
        lines.append("")
    return "\n".join(lines).rstrip()


def search_handler(library: Library, query: str, k: float = 5) -> str:
    """The page's handler: a Markdown answer, or a clear error message."""
    try:
        return format_results(library.search(query, k=int(k)))
    except InvalidQueryError as err:
        return f"**Cannot search:** {err}"


def build_search_page(library: Library):
    """The Gradio Blocks of the search page."""
    import gradio as gr

    with gr.Blocks(title="cads_rag — search", analytics_enabled=False) as demo:
        gr.Markdown("## cads_rag — find the provision\nPaste a post in any of the 11 languages.")
        query = gr.Textbox(label="Post or question", lines=4)
        k = gr.Slider(1, 20, value=5, step=1, label="Results")
        button = gr.Button("Search", variant="primary")
        output = gr.Markdown()
        button.click(lambda q, n: search_handler(library, q, n), [query, k], output, api_name="search")
        query.submit(lambda q, n: search_handler(library, q, n), [query, k], output)
    return demo
