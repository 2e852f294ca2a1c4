"""Numbered revisions: ``0001_…``, ``0002_…``; each one is applied once, in order."""
