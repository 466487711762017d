"""The command line, the only door: where a run starts (main.py), the quick path, the Typer app and
its options, the two consoles, the one error boundary, and each command's printing.

May import: partnerkit, catalog, errors, safetext, files, guide, worksheet, interview, editing, tracking, present; typer, rich
"""
