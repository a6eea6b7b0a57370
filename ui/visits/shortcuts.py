"""Keyboard shortcuts that keep quiet while an input method is composing.

A rep typing 杭州 with a pinyin input method types ``hangzhou`` first: the letters are a
*composition* (preedit) shown under the cursor until a candidate is chosen. Keys pressed
then belong to the input method. Qt asks the focused widget, before it fires a shortcut,
whether it wants the key itself (a ``ShortcutOverride`` event); while a composition is open
this guard answers yes for it, so the key reaches the input method and no shortcut fires.

Whether a composition is open is learnt from the ``QInputMethodEvent`` s the widgets get:
a non-empty preedit string opens it, a commit or an empty preedit closes it, and so does
the focus moving on. Action handlers can also be wrapped with ``guarded`` (belt and
braces for actions triggered some other way).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence


class ImeGuard(QObject):
    """Application-wide: tracks input-method composition and holds shortcuts back during it."""

    _instance: ImeGuard | None = None

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.composing = False
        self.blocked = 0  # shortcuts held back, for tests and diagnostics

    @classmethod
    def install(cls) -> ImeGuard:
        app = QCoreApplication.instance()
        if cls._instance is None or cls._instance.parent() is not app:
            cls._instance = cls(app)
            app.installEventFilter(cls._instance)
        return cls._instance

    def is_composing(self) -> bool:
        if not self.composing:
            return False
        # The composition belongs to the focused input; if that is gone, so is it.
        return QGuiApplication.focusObject() is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.InputMethod:
            self.composing = bool(event.preeditString())
        elif kind in (QEvent.Type.FocusIn, QEvent.Type.FocusOut) and self.composing:
            if kind == QEvent.Type.FocusOut:
                self.composing = False
        elif kind == QEvent.Type.ShortcutOverride and self.is_composing():
            event.accept()  # the focused input wants the key: no shortcut fires
            self.blocked += 1
            return True
        elif kind == QEvent.Type.Shortcut and self.is_composing():
            self.blocked += 1
            return True
        return False


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn``, except that it does nothing while an input method is composing."""

    def run(*args, **kwargs):
        guard = ImeGuard._instance
        if guard is not None and guard.is_composing():
            guard.blocked += 1
            return None
        return fn(*args, **kwargs)

    return run


def shortcut_text(action: QAction) -> str:
    """The action's shortcuts as the user reads them (e.g. "F8", "Ctrl+Shift+V")."""
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())


def with_shortcut(tip: str, action: QAction) -> str:
    """A tooltip that names the shortcut: "Check in at the customer (F8)"."""
    keys = shortcut_text(action)
    return f"{tip} ({keys})" if keys else tip
