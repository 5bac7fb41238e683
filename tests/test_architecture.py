"""The package's shape: no import cycle, no oversized module, no reading of tests/, a public face."""
from __future__ import annotations

import ast
from pathlib import Path

import helpers
from helpers import config

SRC = config.ROOT / "src" / "helpers"
MAX_LINES = 600


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _imports(path: Path, name: str, modules) -> set[str]:
    """Every package module ``name`` imports, at module level or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                full = f"{target}.{alias.name}"
                found.add(full if full in modules else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in modules and m != name}


def import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports (edges into the root package itself are left
    out: importing ``helpers.config`` runs ``helpers/__init__`` first, which is Python's order,
    not a dependency of the importer on the public face)."""
    modules = _modules()
    return {name: _imports(path, name, modules) - {"helpers"} for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of the graph as a list of modules, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_import_graph_has_no_cycle():
    graph = import_graph()
    assert "helpers.analysis" in graph and "helpers.corpus" in graph["helpers.analysis"]
    assert find_cycle(graph) is None, f"import cycle: {' -> '.join(find_cycle(graph))}"


def test_data_flows_one_way():
    """Earlier steps never import later ones: corpus does not know topics, qa, plots or evaluation."""
    graph = import_graph()
    later = {"corpus": ("helpers.topics", "helpers.qa", "helpers.plots", "helpers.evaluation", "helpers.analysis"),
             "topics": ("helpers.qa", "helpers.plots", "helpers.evaluation", "helpers.analysis"),
             "qa": ("helpers.plots", "helpers.evaluation", "helpers.analysis")}
    for step, forbidden in later.items():
        for name, deps in graph.items():
            if name.startswith(f"helpers.{step}"):
                bad = [d for d in deps if d.startswith(forbidden)]
                assert not bad, f"{name} imports {bad}"


def test_no_module_is_over_the_limit():
    long = {name: n for name, p in _modules().items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_package_does_not_read_tests():
    for name, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        assert '"tests"' not in text and "tests/" not in text.replace("``tests/``", ""), f"{name} refers to tests/"


def test_public_face():
    assert set(helpers.__all__) >= {"analyse", "Analysis", "load_corpus", "Corpus"}
    for name in helpers.__all__:
        assert hasattr(helpers, name)
    from helpers import corpus, evaluation, plots, qa, topics, turns
    for sub in (corpus, turns, topics, qa, plots, evaluation):
        assert sub.__all__, sub.__name__
        for name in sub.__all__:
            assert hasattr(sub, name), f"{sub.__name__}.{name}"


def test_plot_functions_follow_one_convention():
    import inspect

    from helpers import plots
    for name in plots.__all__:
        if not name.startswith("plot_"):
            continue
        params = list(inspect.signature(getattr(plots, name)).parameters.values())
        assert params[0].name == "data", name
        assert "ax" in {p.name for p in params}, name
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params[1:]), f"{name}: column names are keyword-only"
