"""Files on disk, knowing nothing of worksheets: reading bytes within bounds, safe YAML with
line/column marks, text splicing, careful atomic writes, polling for changes, and age encryption.

May import: catalog, errors, records; yaml, pyrage
"""
