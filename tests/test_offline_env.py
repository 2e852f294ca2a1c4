import os
import subprocess
import sys


def test_import_sets_offline_variables():
    code = "import cads_rag, os, json; print(json.dumps({k: os.environ.get(k) for k in "
    code += "['HF_HUB_OFFLINE','TRANSFORMERS_OFFLINE','HF_HUB_DISABLE_TELEMETRY','GRADIO_ANALYTICS_ENABLED','RAGAS_DO_NOT_TRACK','TIKTOKEN_CACHE_DIR']}))"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS", "GRADIO", "RAGAS", "TIKTOKEN"))}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    import json

    values = json.loads(out)
    assert values["HF_HUB_OFFLINE"] == "1" and values["TRANSFORMERS_OFFLINE"] == "1"
    assert values["HF_HUB_DISABLE_TELEMETRY"] == "1" and values["GRADIO_ANALYTICS_ENABLED"] == "False"
    assert values["RAGAS_DO_NOT_TRACK"] == "true"
    assert values["TIKTOKEN_CACHE_DIR"] and os.path.isdir(values["TIKTOKEN_CACHE_DIR"])
