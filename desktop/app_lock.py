"""The app lock and the offline lease, for the window of one profile.

The window hides its data behind ``ui.lock_screen.LockScreen``:

* after the organisation's ``lock_after_minutes`` without keyboard or mouse input, and when
  the computer wakes from sleep (seen as the wall clock jumping ahead of the monotonic
  clock, which stands still while the machine sleeps); the password unlocks it, checked
  offline (``local_db.unlock``);
* after five wrong passwords, until the next successful online login;
* when the laptop has not synced for more than ``lease_days``, until a sync succeeds;
  the status bar counts down the last days.

The clock ticks every 15 s without touching the database: the last sync and the wrong-
password count are read when they can change (at start, after a sync, an online sign-in
and a password typed on the lock screen) and the tick works from those.

Only the window is locked: the sync controller keeps syncing in the background, so queued
edits still go out and a lease ends by itself once the network is back.
"""

from __future__ import annotations

import logging
import math
import time
from datetime import datetime, timezone

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel

from local_db import org_settings, unlock
from local_db.db import LocalDb
from sync.contract import parse_datetime
from sync.engine import LAST_SYNC
from ui.lock_screen import IDLE, LEASE, LOCKOUT, LockScreen

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}
CLOCK_TICK_MS = 15_000
SLEEP_GAP_S = 60  # the wall clock ran this much further than the monotonic one: the machine slept


class AppLock(QObject):
    lockedChanged = Signal(object)  # the reason (idle, lockout, lease) or None
    signInRequested = Signal()
    syncRequested = Signal()

    #: Tests set a short idle time in milliseconds instead of the organisation's minutes.
    idle_ms_override: int | None = None

    def __init__(self, db: LocalDb, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.window = None
        self.screen: LockScreen | None = None
        self.countdown: QLabel | None = None
        self.idle_locked = False
        self.reason: str | None = None
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._idle_due)
        self._last_input = time.monotonic()
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_TICK_MS)
        self._clock.timeout.connect(self.check_clock)
        self._wall, self._mono = time.time(), time.monotonic()
        self._clock.start()
        self._last_sync: datetime | None = None
        self._locked_out = False
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.reload_policy()

    # -- policy and state ---------------------------------------------------------------------

    def reload_policy(self) -> None:
        with self.db.session() as s:
            self.policy = org_settings.device_policy(s)
        self._read_state()
        self._restart_idle()
        self.update()

    def _read_state(self) -> None:
        """The last sync and the lock-out, from the database: called where they change."""
        raw = self.db.get_state(LAST_SYNC)
        self._last_sync = parse_datetime(raw) if raw else None
        self._locked_out = unlock.locked_out(self.db)

    def _idle_ms(self) -> int:
        if self.idle_ms_override is not None:
            return self.idle_ms_override
        return self.policy.lock_after_minutes * 60_000

    def _restart_idle(self) -> None:
        ms = self._idle_ms()
        self._last_input = time.monotonic()
        if ms > 0 and not self.idle_locked:
            self._idle.start(ms)
        else:
            self._idle.stop()

    def _idle_due(self) -> None:
        # Input only stamps the time (the filter sees every mouse move of every widget); the
        # timer checks it when it fires and waits out whatever is left of the idle time.
        left_ms = self._idle_ms() - (time.monotonic() - self._last_input) * 1000
        if left_ms > 0 and not self.idle_locked:
            self._idle.start(int(left_ms) + 1)
        else:
            self.lock_now()

    def lease(self) -> unlock.Lease:
        return unlock.lease(self._last_sync, self.policy.lease_days, datetime.now(timezone.utc))

    def update(self) -> None:
        """Work out why (if at all) the data is locked, and show it (from the state read last)."""
        lease = self.lease()
        if self._locked_out:
            reason = LOCKOUT
        elif lease.expired:
            reason = LEASE
        elif self.idle_locked:
            reason = IDLE
        else:
            reason = None
        changed = reason != self.reason
        self.reason = reason
        self._show(lease)
        if changed:
            log.info("app lock: %s", reason or "unlocked")
            self.lockedChanged.emit(reason)

    @property
    def locked(self) -> bool:
        return self.reason is not None

    # -- events ---------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's naming
        if event.type() in _INPUT:
            self._last_input = time.monotonic()
        return False

    def lock_now(self) -> None:
        if self._idle_disabled():
            return
        self.idle_locked = True
        self._idle.stop()
        self.update()

    def _idle_disabled(self) -> bool:
        return self.idle_ms_override is None and self.policy.lock_after_minutes <= 0

    def check_clock(self, wall: float | None = None, mono: float | None = None) -> None:
        """Every tick: lock after a sleep, and see whether the lease ran out meanwhile."""
        wall = time.time() if wall is None else wall
        mono = time.monotonic() if mono is None else mono
        slept = (wall - self._wall) - (mono - self._mono) > SLEEP_GAP_S
        self._wall, self._mono = wall, mono
        if slept:
            log.info("the computer woke from sleep: locking")
            self.lock_now()
        else:
            self.update()

    def try_password(self, password: str) -> str:
        result = unlock.check_password(self.db, password)
        self._read_state()  # a wrong password counts; the right one clears the count
        if result == unlock.OK:
            self.idle_locked = False
            self._restart_idle()
        elif result == unlock.WRONG and self.screen is not None:
            self.screen.show_error(
                translate(
                    "Lock",
                    "Wrong password: %n more attempt(s) before the local data locks.",
                    "",
                    unlock.tries_left(self.db),
                )
            )
        elif result == unlock.NO_VERIFIER and self.screen is not None:
            self.screen.show_error(
                translate(
                    "Lock", "This computer cannot check your password offline yet: sign in online once."
                )
            )
            self.screen.sign_in_button.show()
        self.update()
        return result

    def online_login(self) -> None:
        """The server accepted the password (``SyncEngine.login`` cleared the wrong tries)."""
        self._read_state()
        self.idle_locked = False
        self._restart_idle()
        self.update()

    def synced(self) -> None:
        self.reload_policy()  # the sync may have brought new rules; a lease ends here

    # -- the window -----------------------------------------------------------------------------

    def attach(self, window) -> None:
        self.window = window
        self.screen = LockScreen(window)
        self.screen.unlockRequested.connect(self.try_password)
        self.screen.signInRequested.connect(self.signInRequested)
        self.screen.syncRequested.connect(self.syncRequested)
        self.countdown = QLabel()
        self.countdown.setObjectName("LeaseCountdown")
        window.status.addPermanentWidget(self.countdown)
        self.reason = None
        self.update()

    def _show(self, lease: unlock.Lease) -> None:
        if self.window is None or self.screen is None:
            return
        if self.countdown is not None:
            soon = (
                lease.days_left is not None
                and not lease.expired
                and lease.days_left <= unlock.LEASE_WARNING_DAYS
            )
            if soon:
                days = max(math.ceil(lease.days_left), 1)
                self.countdown.setText(
                    translate("Lock", "Sync within %n day(s), or local data locks", "", days)
                )
            self.countdown.setVisible(soon)
        central = self.window.centralWidget()
        if self.reason is None:
            self.screen.hide()
            if central is not None:
                central.show()
            self.window.menuBar().setEnabled(True)
            return
        detail = ""
        if self.reason == LEASE:
            detail = translate(
                "Lock",
                "This laptop has not reached the server for more than %n day(s), so its "
                "customer data is locked. Connect to the network: it unlocks after the next "
                "sync, and your queued changes are sent first.",
                "",
                self.policy.lease_days,
            )
        if central is not None:
            central.hide()
        self.window.menuBar().setEnabled(False)
        if not self.screen.isVisible() or getattr(self.screen, "reason", None) != self.reason:
            self.screen.show_reason(self.reason, detail)

    def close(self) -> None:
        self._idle.stop()
        self._clock.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
