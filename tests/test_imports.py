"""Start-up stays light: heavy modules are imported only by the commands that use them.

Each check runs in a fresh interpreter, since this test session has imported everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

INTERVIEW_ONLY = ("questionary", "prompt_toolkit")
GUIDANCE_ONLY = ("rich.markdown", "markdown_it", "pygments")  # Markdown, for `partnerkit guide`
EXAMPLE = Path(__file__).parents[1] / "guide" / "example.yaml"


def modules_after(code: str) -> set[str]:
    """The top-level and dotted names in sys.modules after running `code` in a new interpreter."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)), file=sys.__stderr__)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


def imported(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m in names or m.startswith(tuple(n + "." for n in names)))


def invoke(*args: str) -> str:
    return (
        "from typer.testing import CliRunner\n"
        "from partnerkit.cli.app import app\n"
        f"result = CliRunner().invoke(app, {list(args)!r})\n"
        "assert result.exit_code == 0, result.output\n"
    )


def test_importing_the_cli_does_not_import_the_interview():
    assert imported(modules_after("import partnerkit.cli.app"), INTERVIEW_ONLY) == []


def test_help_does_not_import_the_interview():
    assert imported(modules_after(invoke("--help")), INTERVIEW_ONLY) == []


def test_show_imports_neither_the_interview_nor_markdown():
    modules = modules_after(invoke("show", str(EXAMPLE)))
    assert imported(modules, INTERVIEW_ONLY + GUIDANCE_ONLY) == []


def test_the_core_imports_no_terminal_library():
    """STYLE.md's promise: the core knows nothing of the terminal, so it can be used without one."""
    core = ("guide", "guide_loading", "loose_ends", "worksheet", "worksheet_file", "yamlio", "nodes", "interview", "review", "drafts", "session", "check", "view")
    core += tuple(f"formats.{name}" for name in ("markdown", "csv", "json", "html"))  # the table is drawn by Rich
    modules = modules_after("".join(f"import partnerkit.{name}\n" for name in core))
    assert {f"partnerkit.{name}" for name in core} <= modules
    assert imported(modules, ("typer", "rich", "questionary", "prompt_toolkit")) == []


def test_the_tracking_core_imports_no_terminal_library():
    """log's and agenda's core (finding a partner, splicing the entry in, the agenda) works without a terminal."""
    core = ("tracking", "splice", "agenda")
    modules = modules_after("".join(f"import partnerkit.{name}\n" for name in core))
    assert imported(modules, ("typer", "rich", "questionary", "prompt_toolkit", "icalendar")) == []


def test_agenda_and_log_import_no_interview_and_agenda_no_markdown(tmp_path):
    (tmp_path / "w.yaml").write_text(EXAMPLE.read_text())
    agenda = modules_after(invoke("agenda", str(tmp_path / "w.yaml")))
    assert imported(agenda, INTERVIEW_ONLY + GUIDANCE_ONLY + ("icalendar",)) == []
    logged = modules_after(invoke("log", "garden", "a note", "--file", str(tmp_path / "w.yaml")))
    assert imported(logged, INTERVIEW_ONLY + ("icalendar",)) == []


# --- no import cycles, lazy ones included --------------------------------------------------

PACKAGE = Path(__file__).parents[1] / "src" / "partnerkit"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Every partnerkit module `path` imports anywhere: at the top, inside functions, in any branch
    but `if TYPE_CHECKING:` (which never runs)."""
    import ast

    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from . import x`: a module x
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {m for m in found if m in known and m != name}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return groups


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    known = {module_name(p) for p in paths}
    return {module_name(p): imports_of(p, known) for p in paths}


def test_there_are_no_import_cycles_even_behind_function_level_imports():
    graph = import_graph()
    assert "partnerkit.cli.consoles" in graph["partnerkit.cli.app"]  # imported inside a function, and found
    assert "partnerkit.present.view" in graph["partnerkit.present.formats.csv"]  # a relative import two levels up
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_lazy_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
