"""Choosing and installing the user interface language.

English is the source language of every string; Simplified Chinese comes from
``ui/translations/fieldsales_zh_CN.qm``, and ``fieldsales_en.qm`` holds only English plural
forms ("1 customer", "5 customers"). Qt's own translations (file dialogs, standard
dialog buttons, context menus of text fields) are installed next to them from PySide6's
translations directory; the few Qt texts that catalogue lacks are in ours (``ui.qt_strings``).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
SUPPORTED = ("zh_CN", "en")
CATALOG = "fieldsales"


def system_language() -> str:
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def resolve_language(*choices: str | None) -> str:
    """The first supported choice (command line, then setting), else the system's."""
    for choice in choices:
        if choice:
            normalised = choice.replace("-", "_")
            if normalised in SUPPORTED:
                return normalised
            if normalised.lower().startswith("zh"):
                return "zh_CN"
            if normalised.lower().startswith("en"):
                return "en"
    return system_language()


def locale_for(language: str) -> QLocale:
    """The locale used to format dates, numbers and money in ``language``.

    If the system already speaks that language (en_GB, zh_CN…) its regional conventions
    are kept; otherwise the language's main locale is used.
    """
    system = QLocale.system()
    wanted = QLocale(language)
    if system.language() == wanted.language():
        return system
    return wanted


def qt_translations_dirs() -> list[Path]:
    """Where Qt's own catalogues are: Qt's configured path, then PySide6's wheel (a relocated
    or frozen install may report a path that does not exist)."""
    import PySide6

    wheel = Path(PySide6.__file__).resolve().parent / "Qt" / "translations"
    configured = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    return list(dict.fromkeys(d for d in (configured, wheel) if d.is_dir()))


def qm_path(language: str) -> Path:
    return TRANSLATIONS_DIR / f"{CATALOG}_{language}.qm"


class Translations:
    """The translators installed for one language, so they can be swapped at run time."""

    def __init__(self) -> None:
        self.language = "en"
        self._installed: list[QTranslator] = []

    def install(self, language: str) -> bool:
        """Switch to ``language``; False when its catalogue is missing (English is shown)."""
        self.uninstall()
        self.language = language
        QLocale.setDefault(locale_for(language))
        app = QCoreApplication.instance()
        ok = True
        own = QTranslator(app)
        if own.load(str(qm_path(language))):
            self._installed.append(own)
        else:
            ok = False
        if language != "en":
            qt = QTranslator(app)
            if any(qt.load(f"qtbase_{language}", str(d)) for d in qt_translations_dirs()):
                self._installed.append(qt)
        for translator in self._installed:
            QCoreApplication.installTranslator(translator)
        return ok

    def uninstall(self) -> None:
        for translator in self._installed:
            QCoreApplication.removeTranslator(translator)
        self._installed.clear()


def fill(text: str, *values: object) -> str:
    """``values`` put into a translated ``text`` at ``%1``, ``%2``, … — the one placeholder
    style of this app's strings (``%n`` stays Qt's count). One pass, so a value that itself
    holds ``%2`` is left alone."""

    def value(match: re.Match[str]) -> str:
        k = int(match.group(1))
        return str(values[k - 1]) if k <= len(values) else match.group(0)

    return re.sub(r"%([1-9])", value, text)
