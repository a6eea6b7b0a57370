"""Qt's own strings that Qt's Chinese catalogue (``qtbase_zh_CN``) lacks.

Qt 6 renamed a few labels of its file dialog ("&Look in:", "Files of &type:") and its
catalogue still has only the old texts, so the export and import dialogs were half
English. Marked here so they land in our catalogue under Qt's own context; Qt asks every
installed translator, ours included (``ui.i18n.Translations``).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

QT_STRINGS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)
