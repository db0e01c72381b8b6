"""Imports into a project: annotation CSV (and, later, interchange formats)."""
