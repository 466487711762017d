"""What people see: one view model built from worksheets (view.py), and formats/ that mark it up.

May import: catalog, errors, records, guide, worksheet, tracking, safetext
"""
