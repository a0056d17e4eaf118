"""The documentation site builds with zero warnings, and the tutorial notebook runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_site_builds_strict_with_no_warning(tmp_path):
    pytest.importorskip("mkdocstrings_handlers.python", reason="pip install 'rehab[docs]'")
    out = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},  # mkdocs-material's end-of-life banner
    )
    log = out.stdout + out.stderr
    assert out.returncode == 0, log[-3000:]
    warnings = [ln for ln in log.splitlines() if "WARNING -" in ln or "WARNING:" in ln]
    assert warnings == []
    site = tmp_path / "site"
    api = (site / "reference" / "plot" / "index.html").read_text(encoding="utf-8")
    assert "load_duration" in api and "Load-duration curve" in api  # from the docstrings
    assert (site / "tutorial-notebook.ipynb").is_file()
    assert "Keep a Changelog" in (site / "changelog" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_tutorial_notebook_runs(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "docs" / "tutorial-notebook.ipynb", as_version=4)
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    # the kernel runs in tmp_path: make a relative PYTHONPATH (PYTHONPATH=src) absolute
    paths = [str(Path(p).resolve()) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    client.execute(env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)})
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 3  # heat loss, monthly need + load duration (one figure), French
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("<b>House coron-mid-terrace</b>" in h for h in html)
    assert any("<b>DPE estimate</b>" in h for h in html)
    text = "".join(o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "net_cost_eur [EUR]" in text
