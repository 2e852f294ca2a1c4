import pytest

from cads_rag.ui.search_page import build_search_page, search_handler


def test_handler_formats_cited_results(small_library):
    markdown = search_handler(small_library, "Wie lange habe ich Zeit, gegen eine Kündigung zu klagen?", 3)
    assert "**Language:** de" in markdown and "KSchG" in markdown and "gesetze-im-internet.de" in markdown


def test_handler_explains_bad_input(small_library):
    assert search_handler(small_library, "   ", 3).startswith("**Cannot search:**")


@pytest.mark.slow
def test_gradio_client_round_trip(small_library):
    from gradio_client import Client

    demo = build_search_page(small_library)
    demo.launch(server_name="127.0.0.1", prevent_thread_lock=True, quiet=True)
    try:
        client = Client(demo.local_url, verbose=False)
        answer = client.predict("Mindestlohn 2026", 2, api_name="/search")
        assert "MiLoV5" in answer
    finally:
        demo.close()
