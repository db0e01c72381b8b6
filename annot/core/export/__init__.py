"""Exports of a project: CSV tables (and, later, interchange formats)."""
