"""The design documents point at code and tests that exist, and code cites invariants that exist.

``docs/SYNC_CONTRACT.md`` and ``docs/DOMAIN.md`` name modules, functions and tests by path
(``server/push.py``, ``tests/sync/test_push.py::test_replayed_push_changes_nothing``) and by
dotted name (``local_db.writes.LocalWriter``); code comments cite the contract's
invariants by number. When a file, a function or a test is renamed, this fails and says
which reference went stale, so the documents keep telling a newcomer where to look.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = (
    "docs/SYNC_CONTRACT.md",
    "docs/DOMAIN.md",
    "docs/ARCHITECTURE.md",
    "docs/DEVELOPING.md",
    "docs/DEPLOYING.md",
    "docs/SECURITY.md",
    "domain/README.md",
    "README.md",
)
PACKAGES = ("domain", "local_db", "sync", "server", "ui", "desktop", "tests", "bench")
CODE = re.compile(r"`([^`\s]+)`")
PATH = re.compile(rf"^(?:{'|'.join(PACKAGES)}|docs)/[\w/]*(?:\.py|\.md|/)?(?:::\w+)?$")
DOTTED = re.compile(rf"^(?:{'|'.join(PACKAGES)})(?:\.\w+)+$")
CITATION = re.compile(r"invariants? (\d+)(?:\s*(?:–|-|and|,)\s*(\d+))?")


@cache
def defined_names(path: Path) -> frozenset[str]:
    """Top-level names of a module, and the methods of its classes as ``Class.method``."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            if isinstance(node, ast.ClassDef):
                names.update(
                    f"{node.name}.{n.name}"
                    for n in node.body
                    if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                )
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.ImportFrom):
            names.update(a.asname or a.name for a in node.names)
    return frozenset(names)


def stale(ref: str) -> str | None:
    """Why a reference from a document does not resolve, or None when it does."""
    if PATH.match(ref):
        path, _, name = ref.partition("::")
        if not (ROOT / path).exists():
            return f"{path} does not exist"
        if name and name not in defined_names(ROOT / path):
            return f"{path} defines no {name}"
        return None
    parts = ref.split(".")
    for cut in range(len(parts), 0, -1):
        module = ROOT.joinpath(*parts[:cut])
        for candidate in (module.with_suffix(".py"), module / "__init__.py"):
            if candidate.exists():
                rest = parts[cut:]
                if not rest:
                    return None
                if rest[0] in defined_names(candidate) or ".".join(rest[:2]) in defined_names(candidate):
                    return None
                return f"{candidate.relative_to(ROOT)} defines no {rest[0]}"
    return f"no module {ref}"


def references(doc: str):
    """(reference, line number) of every code path or dotted name a document mentions.

    ``::name`` on its own continues the last test file named before it.
    """
    last_file = ""
    for number, line in enumerate((ROOT / doc).read_text(encoding="utf-8").splitlines(), 1):
        for token in CODE.findall(line):
            token = token.rstrip(",.;:")
            if token.startswith("::") and last_file:
                token = last_file + token
            if PATH.match(token):
                last_file = token.partition("::")[0]
                yield token, number
            elif DOTTED.match(token) and not token.startswith("tests.factories.PASSWORD"):
                yield token, number


@pytest.mark.parametrize("doc", DOCS)
def test_every_path_and_name_a_document_mentions_exists(doc):
    problems = [f"{doc}:{n}: `{ref}`: {why}" for ref, n in references(doc) if (why := stale(ref))]
    assert not problems, "\n".join(problems)


def test_code_cites_only_invariants_the_contract_has():
    """Every "invariant N" in the code and the documents is one of the contract's, whether or
    not ``docs/SYNC_CONTRACT.md`` is named next to it ("the cursor with the rows, invariant 7")."""
    contract = (ROOT / "docs/SYNC_CONTRACT.md").read_text(encoding="utf-8")
    numbered = {int(n) for n in re.findall(r"^### (\d+)\. ", contract, re.MULTILINE)}
    assert numbered == set(range(1, 15)), "the contract's invariants are numbered 1 to 14"
    problems = []
    code = (p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))
    for path in sorted({*code, *(ROOT / doc for doc in DOCS)}):
        text = path.read_text(encoding="utf-8")
        for match in CITATION.finditer(text):
            low, high = int(match[1]), int(match[2] or match[1])
            for n in range(low, high + 1):
                if n not in numbered:
                    problems.append(f"{path.relative_to(ROOT)}: cites invariant {n}")
    assert not problems, "\n".join(problems)


def test_no_reference_to_the_old_shared_design_documents():
    """The design lives in the repository: nothing points at a DESIGN.md or DOMAIN.md outside it."""
    problems = []
    for path in sorted(
        p
        for pkg in (*PACKAGES, "docs")
        for p in (ROOT / pkg).rglob("*")
        if p.suffix in (".py", ".md") and p.name != "test_docs.py"
    ):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"(?<!docs/)\b(DESIGN|DOMAIN)\.md\b", line) or "../shared" in line:
                problems.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not problems, "\n".join(problems)
