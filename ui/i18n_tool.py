"""Maintain the translation catalogues: ``python -m ui.i18n_tool update|release|check``.

``update`` (what ``make translations`` runs) extracts every translatable string from
``ui/`` and ``desktop/`` into ``ui/translations/fieldsales_zh_CN.ts`` with pyside6-lupdate
(keeping existing translations, dropping vanished strings), merges translations waiting in
``ui/translations/pending/*.json``, then compiles the ``.qm`` the app loads. Translate new
entries in Qt Linguist (``pyside6-linguist``), in the XML, or in a pending file
(``{"Context": {"English source": "中文"}}`` — handy when several people add strings at
once), then run ``update`` again. ``check`` fails while any entry is untranslated.

English is the source language; its catalogue holds only the plural forms
("%n customer(s)" → "1 customer" / "5 customers"), made with lupdate's ``-pluralonly``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = Path(__file__).resolve().parent / "translations"
SOURCE_DIRS = ("ui", "desktop")
LANGUAGES = ("zh_CN", "en")


def ts_path(language: str) -> Path:
    return TRANSLATIONS / f"fieldsales_{language}.ts"


def _tool(name: str) -> str:
    beside_python = Path(sys.executable).parent / name
    found = str(beside_python) if beside_python.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 (it ships the Qt Linguist tools)")
    return found


def sources() -> list[str]:
    files = sorted(p for d in SOURCE_DIRS for p in (ROOT / d).rglob("*.py") if "__pycache__" not in p.parts)
    return [str(p.relative_to(ROOT)) for p in files]


def update(keep_pending: bool = False) -> None:
    TRANSLATIONS.mkdir(exist_ok=True)
    for language in LANGUAGES:
        ts = ts_path(language).relative_to(ROOT)
        plural_only = ["-pluralonly"] if language == "en" else []
        subprocess.run(
            [
                _tool("pyside6-lupdate"),
                *sources(),
                "-ts",
                str(ts),
                "-no-obsolete",
                *plural_only,
                "-locations",
                "relative",
                "-source-language",
                "en",
                "-target-language",
                language,
            ],
            cwd=ROOT,
            check=True,
        )
    merge_pending(keep=keep_pending)
    fill_english_plurals()
    for language in LANGUAGES:
        _normalise(ts_path(language))
    release()


def _normalise(ts: Path) -> None:
    """Write the catalogue as this tool writes it, whether or not anything was merged: lupdate
    and ElementTree spell empty elements differently, and a catalogue that flips between the
    two makes every translations commit a rewrite of the whole file."""
    tree = ET.parse(ts)
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def fill_english_plurals() -> int:
    """English plural forms follow the sources' "(s)" convention: "%n customer(s)" becomes
    "%n customer" / "%n customers". Only entries nobody has translated are filled."""
    ts = ts_path("en")
    tree = ET.parse(ts)
    filled = 0
    for message in tree.getroot().iter("message"):
        if message.get("numerus") != "yes":
            continue
        translation = message.find("translation")
        forms = list(translation)
        if translation.get("type") != "unfinished" and all((f.text or "").strip() for f in forms):
            continue
        source = message.findtext("source") or ""
        one, many = source.replace("(s)", ""), source.replace("(s)", "s")
        while len(forms) < 2:
            forms.append(ET.SubElement(translation, "numerusform"))
        forms[0].text, forms[1].text = one, many
        translation.attrib.pop("type", None)
        filled += 1
    if filled:
        body = ET.tostring(tree.getroot(), encoding="unicode")
        ts.write_text(
            '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
        )
    return filled


PENDING = TRANSLATIONS / "pending"


def merge_pending(language: str = "zh_CN", keep: bool = False) -> int:
    """Fill unfinished entries of the catalogue from the pending JSON files.

    An entry is taken from a pending file once it is in the catalogue; what lupdate has not
    extracted yet stays pending. With ``keep`` the pending files are left as they are (a
    branch that is not ready to land tries its strings without consuming its own file).
    Returns how many entries were filled.
    """
    import json

    files = sorted(PENDING.glob("*.json")) if PENDING.exists() else []
    if not files:
        return 0
    ts = ts_path(language)
    tree = ET.parse(ts)
    index = {}
    for context in tree.getroot().iter("context"):
        for message in context.iter("message"):
            index[(context.findtext("name"), message.findtext("source"))] = message
    filled = 0
    for path in files:
        pending = json.loads(path.read_text(encoding="utf-8"))
        left: dict[str, dict[str, str]] = {}
        for context, entries in pending.items():
            for source, text in entries.items():
                message = index.get((context, source))
                if message is None:
                    left.setdefault(context, {})[source] = text
                    continue
                translation = message.find("translation")
                forms = list(translation)
                if translation.get("type") == "unfinished" or not (translation.text or forms):
                    if forms:
                        for form in forms:
                            form.text = text if isinstance(text, str) else text[0]
                    else:
                        translation.text = text
                    translation.attrib.pop("type", None)
                    filled += 1
        if keep:
            continue
        if left:
            path.write_text(json.dumps(left, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        else:
            path.unlink()
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    return filled


def release() -> None:
    for language in LANGUAGES:
        ts = ts_path(language)
        subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)


def unfinished(ts: Path) -> list[str]:
    """Source texts with no finished translation (what ``check`` reports)."""
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            texts = (
                [translation.text or ""]
                if translation is not None and not len(translation)
                else [form.text or "" for form in (translation if translation is not None else [])]
            )
            if (
                translation is None
                or translation.get("type") in ("unfinished", "vanished", "obsolete")
                or not all(t.strip() for t in texts)
            ):
                missing.append(f"{name}: {message.findtext('source')}")
    return missing


# The one placeholder style is Qt's %1, %2 (``ui.i18n.fill``); these are the others.
FOREIGN_PLACEHOLDER = re.compile(r"\{[A-Za-z_]\w*\}|\{\}|%[sd]\b|%\(\w+\)[sd]")


def misplaced(ts: Path) -> list[str]:
    """Source texts with a placeholder of another style than %1, %2 (``{name}``, ``%s``)."""
    return [
        f"{context.findtext('name')}: {message.findtext('source')}"
        for context in ET.parse(ts).getroot().iter("context")
        for message in context.iter("message")
        if FOREIGN_PLACEHOLDER.search(message.findtext("source") or "")
    ]


def check() -> int:
    status = 0
    for language in LANGUAGES:
        missing = unfinished(ts_path(language))
        for entry in missing:
            print(f"{language}: untranslated: {entry}")
        wrong = misplaced(ts_path(language))
        for entry in wrong:
            print(f"{language}: not the %1 placeholder style (ui.i18n.fill): {entry}")
        if missing or wrong:
            status = 1
        elif not ts_path(language).with_suffix(".qm").exists():
            print(f"{language}: {ts_path(language).with_suffix('.qm').name} missing: run `release`")
            status = 1
    return status


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ui.i18n_tool", description=__doc__.splitlines()[0])
    p.add_argument("command", choices=("update", "release", "check"))
    p.add_argument(
        "--keep-pending", action="store_true", help="update: merge the pending files but leave them in place"
    )
    args = p.parse_args(argv)
    if args.command == "update":
        update(keep_pending=args.keep_pending)
        check()  # a reminder of what still needs translating, not a failure of the update
        return 0
    if args.command == "release":
        release()
        return 0
    return check()


if __name__ == "__main__":
    raise SystemExit(main())
