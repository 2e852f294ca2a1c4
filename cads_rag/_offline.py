"""Offline-by-construction defaults, applied before any third-party import.

Importing :mod:`cads_rag` sets these environment variables (only where unset), so
that Hugging Face, Gradio, ragas and tiktoken never try to reach the network —
also for a developer who imports the library without the Makefile.

>>> import cads_rag, os
>>> os.environ["HF_HUB_OFFLINE"]
'1'
"""

from __future__ import annotations

import os
from importlib.util import find_spec
from pathlib import Path

OFFLINE_ENV: dict[str, str] = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_DATASETS_OFFLINE": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "RAGAS_DO_NOT_TRACK": "true",
    "TOKENIZERS_PARALLELISM": "false",
    "DO_NOT_TRACK": "1",
}


def apply_offline_env() -> None:
    """Set the offline variables that are not set yet, and point tiktoken at the
    encodings that llama-index-core ships (otherwise it downloads them)."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
    if "TIKTOKEN_CACHE_DIR" not in os.environ:
        spec = find_spec("llama_index.core")
        if spec and spec.origin:
            cache = Path(spec.origin).parent / "_static" / "tiktoken_cache"
            if cache.is_dir():
                os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)


apply_offline_env()
