"""Where the laptop is, when it can tell (Qt Positioning); never in the way of a visit log.

A visit records a position only if one arrives: the request runs in the background with a
time limit, and the log can be checked out before, after or without it. The source (GPS
or network) and the accuracy in metres are recorded with it, as docs/DOMAIN.md (Visits) records.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QObject, Signal

from domain.enums import LocationSource


class LocationFinder(QObject):
    """One position request. ``found`` gives the visit's location fields; ``failed`` a reason code."""

    found = Signal(dict)
    failed = Signal(str)  # "no_source", "timeout", "error"

    TIMEOUT_MS = 20_000

    def __init__(self, parent: QObject | None = None, source_factory: Callable[[QObject], Any] | None = None):
        super().__init__(parent)
        self._factory = source_factory or _default_source
        self._source = None
        self.busy = False

    def request(self) -> bool:
        """Ask for one position; False (and ``failed("no_source")``) when the laptop has no source."""
        try:
            self._source = self._factory(self)
        except Exception:  # noqa: BLE001 - a broken positioning plugin must not stop a visit
            self._source = None
        if self._source is None:
            self.failed.emit("no_source")
            return False
        self.busy = True
        self._source.positionUpdated.connect(self._position)
        if hasattr(self._source, "errorOccurred"):
            self._source.errorOccurred.connect(lambda _e: self._fail("error"))
        self._source.requestUpdate(self.TIMEOUT_MS)
        return True

    def _fail(self, reason: str) -> None:
        if self.busy:
            self.busy = False
            self.failed.emit(reason)

    def _position(self, info) -> None:
        if not self.busy:
            return
        self.busy = False
        coordinate = info.coordinate()
        if not coordinate.isValid():
            self.failed.emit("error")
            return
        accuracy = None
        from PySide6.QtPositioning import QGeoPositionInfo

        if info.hasAttribute(QGeoPositionInfo.Attribute.HorizontalAccuracy):
            accuracy = info.attribute(QGeoPositionInfo.Attribute.HorizontalAccuracy)
        self.found.emit(
            {
                "latitude": Decimal(f"{coordinate.latitude():.6f}"),
                "longitude": Decimal(f"{coordinate.longitude():.6f}"),
                "location_source": _source_kind(self._source, accuracy).value,
                "location_accuracy_m": None if accuracy is None else Decimal(f"{min(accuracy, 99999.9):.1f}"),
            }
        )


def _default_source(parent: QObject):
    from PySide6.QtPositioning import QGeoPositionInfoSource

    return QGeoPositionInfoSource.createDefaultSource({"desktopId": "fieldsales"}, parent)


def _source_kind(source, accuracy: float | None) -> LocationSource:
    """GPS or network, from what the source can do (and, when it can do both, the accuracy)."""
    try:
        from PySide6.QtPositioning import QGeoPositionInfoSource

        methods = source.supportedPositioningMethods()
        satellite = QGeoPositionInfoSource.PositioningMethod.SatellitePositioningMethods
        other = QGeoPositionInfoSource.PositioningMethod.NonSatellitePositioningMethods
        if methods == satellite:
            return LocationSource.GPS
        if methods == other:
            return LocationSource.NETWORK
    except Exception:  # noqa: BLE001 - a test double or an odd plugin: judge by accuracy
        pass
    return LocationSource.GPS if accuracy is not None and accuracy <= 100 else LocationSource.NETWORK
