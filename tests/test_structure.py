"""The house shows its plan: each folder imports only what its docstring says it may, there are no
import cycles (lazy ones included), and the README's code map is the tree.

A package's `__init__.py` docstring (or a module's own, to narrow it) ends with a line
`May import: UNITS; LIBRARIES`: the partnerkit folders and modules it may use besides its own, and
the third-party libraries. The nearest such line rules a module. The lists live in the code, once.
Every module may use the message catalog (catalog.py), as it may use the standard library.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "partnerkit"
README = Path(__file__).parents[1] / "README.md"
RULE = re.compile(r"^May import: (.*)$", re.M)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports anywhere: at the top, inside functions, in any branch but
    `if TYPE_CHECKING:` (which never runs). Relative imports are made absolute."""
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
    return found - {name}


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def rule_for(name: str, known: dict[str, Path]) -> tuple[str, set[str], set[str]]:
    """(the unit the rule belongs to, partnerkit units it may import, libraries it may import)."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        owner = ".".join(parts[:end])
        path = known.get(owner)
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) if path else None
        found = RULE.search(doc or "")
        if found:
            units, _, libraries = found.group(1).partition(";")
            listed = {f"partnerkit.{u.strip()}" if u.strip() != "partnerkit" else "partnerkit" for u in units.split(",") if u.strip() not in ("", "nothing")}
            unit = owner if path.name == "__init__.py" else owner.rpartition(".")[0] if owner.count(".") > 1 else owner
            return unit, listed, {lib.strip() for lib in libraries.split(",") if lib.strip()}
    raise AssertionError(f"{name}: no 'May import:' line in its docstring or any package's above it")


def broken_rules() -> list[str]:
    known = modules()
    broken = []
    for name, path in known.items():
        unit, units, libraries = rule_for(name, known)
        for imported in sorted(imports_of(path)):
            top = imported.split(".")[0]
            if top == "partnerkit":
                owner = _owner(imported, known)
                if owner in (None, "partnerkit.catalog") or owner == unit or owner.startswith(unit + ".") or any(owner == u or owner.startswith(u + ".") for u in units):
                    continue
                broken.append(f"{name} imports {owner}, outside its rule ({', '.join(sorted(units)) or 'nothing'})")
            elif top not in sys.stdlib_module_names and top != "__future__" and top not in libraries:
                broken.append(f"{name} imports the library {top}, outside its rule ({', '.join(sorted(libraries)) or 'none'})")
    return broken


def _owner(imported: str, known: dict[str, Path]) -> str | None:
    """The partnerkit module an import names (`from x import name` adds x.name, which may be no module)."""
    while imported and imported not in known:
        imported = imported.rpartition(".")[0]
    return imported or None


def test_every_module_imports_only_what_its_folder_may():
    assert broken_rules() == []


def test_the_rule_checker_sees_a_broken_rule(tmp_path, monkeypatch):
    """The check above can fail: an import from guide/ into worksheet/ (against the flow) is caught."""
    copy = tmp_path / "partnerkit"
    import shutil

    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    model = copy / "guide" / "model.py"
    model.write_text(model.read_text() + "\n\ndef _against_the_flow():\n    from ..worksheet import store  # noqa\n")
    (copy / "present" / "view.py").write_text((copy / "present" / "view.py").read_text() + "\nimport typer  # noqa\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", copy)
    broken = broken_rules()
    assert any(line.startswith("partnerkit.guide.model imports partnerkit.worksheet") for line in broken)
    assert any(line.startswith("partnerkit.present.view imports the library typer") for line in broken)


def test_every_package_says_its_job_and_holds_no_code():
    """`__init__.py` files stay empty but for their docstring: start-up is benchmarked."""
    for path in PACKAGE.rglob("__init__.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree)
        assert doc and RULE.search(doc), path
        code = [node for node in tree.body[1:] if not (path.parent == PACKAGE and isinstance(node, ast.Assign))]
        if path.parent.name == "formats":
            continue  # the Format enum and render(): the formats' one front door
        assert code == [], path


# --- no import cycles, lazy ones included --------------------------------------------------


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
    known = modules()
    return {name: {m for m in imports_of(path) if m in known} for name, path in known.items()}


def test_there_are_no_import_cycles_even_behind_function_level_imports():
    graph = import_graph()
    assert "partnerkit.cli.boundary" in graph["partnerkit.cli.app"]  # imported inside a function, and found
    assert "partnerkit.present.view" in graph["partnerkit.present.formats.csv"]  # a relative import two levels up
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_lazy_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# --- the README's code map ------------------------------------------------------------------


def code_map() -> dict[str, str]:
    """The README's code map: path (relative to src/partnerkit) -> its job."""
    section = README.read_text(encoding="utf-8").split("Code map", 1)[1]
    rows = re.findall(r"^\| `([^`]+)` \| (.+) \|$", section, re.M)
    return dict(rows)


@pytest.mark.parametrize("kind", ["folders", "modules"])
def test_the_readme_code_map_is_the_tree(kind):
    mapped = code_map()
    if kind == "folders":
        folders = {f"{p.relative_to(PACKAGE)}/" for p in PACKAGE.rglob("*") if p.is_dir() and (p / "__init__.py").exists()}
        assert {m for m in mapped if m.endswith("/")} == folders
    else:
        files = {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"}
        assert {m for m in mapped if m.endswith(".py")} == files
