"""The advisor UI (Gradio). Handlers are plain functions, testable without a browser."""
