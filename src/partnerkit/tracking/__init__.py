"""Working the plan: what happened (log.py), what to do now (agenda.py), what is wrong (checking.py).

May import: catalog, errors, records, files, guide, worksheet
"""
