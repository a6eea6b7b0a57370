"""Guards on the domain package itself: stdlib only, no floats, typed and documented."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "domain"
#: The rule modules this suite owns (other files in domain/ have their own owners and tests).
OWN_MODULES = [
    DOMAIN / f"{name}.py"
    for name in (
        "__init__",
        "errors",
        "money",
        "timeutil",
        "period",
        "pricing",
        "money_words",
        "quote_lifecycle",
        "complaints",
        "kpi",
        "credit",
        "classification",
        "validation",
        "org_settings",
    )
]
#: Pure too, but geometry on floats (distances in km): every guard except "no floats".
GEOMETRY_MODULES = [DOMAIN / "visit_review.py"]


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@pytest.mark.parametrize("path", OWN_MODULES + GEOMETRY_MODULES, ids=lambda p: p.name)
def test_imports_only_the_standard_library_and_domain(path: Path) -> None:
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            assert top == "domain" or top in sys.stdlib_module_names or top == "__future__", (
                f"{path.name} imports {name}: domain must stay pure (stdlib only)"
            )


@pytest.mark.parametrize("path", OWN_MODULES, ids=lambda p: p.name)
def test_no_floats(path: Path) -> None:
    for node in ast.walk(_tree(path)):
        assert not (isinstance(node, ast.Constant) and isinstance(node.value, float)), (
            f"{path.name}:{node.lineno} has a float literal"
        )
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "float", f"{path.name}:{node.lineno} calls float()"


@pytest.mark.parametrize("path", OWN_MODULES + GEOMETRY_MODULES, ids=lambda p: p.name)
def test_public_functions_are_typed_and_documented(path: Path) -> None:
    tree = _tree(path)
    assert ast.get_docstring(tree), f"{path.name} has no module docstring"
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            assert ast.get_docstring(node), f"{path.name}: class {node.name} has no docstring"
    for node in tree.body:
        candidates: list[ast.stmt] = [node]
        if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            is_protocol = any(isinstance(b, ast.Name) and b.id == "Protocol" for b in node.bases)
            # a Protocol's members are attribute declarations, documented by the class
            candidates = [] if is_protocol else list(node.body)
        for fn in candidates:
            if not isinstance(fn, ast.FunctionDef) or fn.name.startswith("_"):
                continue
            where = f"{path.name}: {fn.name}"
            assert ast.get_docstring(fn), f"{where} has no docstring"
            assert fn.returns is not None, f"{where} has no return annotation"
            args = fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs
            for arg in args:
                if arg.arg in {"self", "cls"}:
                    continue
                assert arg.annotation is not None, f"{where}: argument {arg.arg} is untyped"
