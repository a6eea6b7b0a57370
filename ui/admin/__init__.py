"""The administration area (admins only): territories, users, catalog, targets, imports and
classification, working online against the server's API through ``desktop.admin_client``."""

from ui.admin.page import AdminPage

__all__ = ["AdminPage"]
