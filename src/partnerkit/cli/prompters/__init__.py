"""The interview's prompters: questionary's (terminal.py) and a plain one for screen readers (plain.py).

May import: partnerkit, catalog, errors, safetext, files, guide, worksheet, interview, present, cli; typer, rich, questionary, prompt_toolkit
"""
