"""The guide: the campaign's words and questions as frozen dataclasses (model.py), and finding,
reading and validating a guide folder's YAML files (loading.py, parts.py, entries.py).

May import: catalog, errors, records, files; yaml
"""
