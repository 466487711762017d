"""The worksheet: its model and rules (model.py, loose_ends.py, privacy.py), reading and writing its
file (parse.py, dump.py, and store.py, the one way in and out, plain or encrypted), comment-keeping
rewrites (rewrite.py), and changing its form (encryption.py).

May import: catalog, errors, records, safetext, files, guide; yaml
"""
