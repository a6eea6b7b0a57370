"""Compiled (.qm) and source (.ts) translation catalogues; a package so wheels ship them."""
