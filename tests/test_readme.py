"""The README: its two commands stay at the top, and every snippet of its tour runs."""

from __future__ import annotations

import doctest
import re
import shlex
from pathlib import Path

import pytest

from rehab.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
INSTALL_AND_DEMO = "pip install . && rehab demo"
TEST_COMMAND = 'pip install ".[test]" && python -m pytest'


def _blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", text, re.S | re.M)


def _sections() -> dict[str, str]:
    """Tour sections by title ('### Housing engineer: …' -> text up to the next heading)."""
    tour = README[README.index("## A one-minute tour") :]
    tour = tour[: tour.index("\n## ", 5)]
    parts = re.split(r"^### (.+)$", tour, flags=re.M)
    return {parts[i].split(":")[0]: parts[i + 1] for i in range(1, len(parts), 2)}


def test_the_two_commands_are_at_the_top():
    first = _blocks(README, "bash")[:2]
    assert [b.strip() for b in first] == [INSTALL_AND_DEMO, TEST_COMMAND]
    # nothing but the title comes before them
    assert README.index(INSTALL_AND_DEMO) < README.index("\n\n", README.index("```bash")) + 60
    assert README.splitlines()[0] == "# rehab"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == TEST_COMMAND


def test_tour_has_the_three_users():
    assert set(_sections()) == {"Housing engineer", "Landlord", "Integrator"}


@pytest.mark.parametrize("user", ["Housing engineer", "Landlord", "Integrator"])
def test_tour_snippets_run(user, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the landlord's files land here
    code = "\n".join(_blocks(_sections()[user], "python"))
    assert ">>> " in code
    test = doctest.DocTestParser().get_doctest(code, {}, f"README {user}", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    failures: list[str] = []
    runner.run(test, out=failures.append)
    assert runner.failures == 0, "".join(failures)
    if user == "Landlord":
        assert (tmp_path / "my-report" / "index.html").is_file()


def test_landlord_shell_command_runs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (cmd,) = [b.strip() for b in _blocks(_sections()["Landlord"], "bash")]
    argv = shlex.split(cmd)
    assert argv[0] == "rehab"
    import rehab

    rehab.stock.demo().to_csv("my-stock.csv")
    assert main([*argv[1:], "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "Report: my-report/index.html" in out
    assert (tmp_path / "my-report" / "plan_yearly.csv").is_file()
