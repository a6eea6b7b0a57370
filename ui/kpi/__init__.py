"""The supervisor's team KPI dashboard."""

from ui.kpi.page import KpiPage

__all__ = ["KpiPage"]
