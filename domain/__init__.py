"""Fieldsales domain rules: pure Python (standard library only), no Qt, no SQL, no HTTP.

Both the desktop client and the server import these modules, so a rule (a price, a
state change, a KPI, a grade) is computed the same way on the laptop and on the server.
See ``domain/README.md`` for the interpretation choices written down in one place.
"""
