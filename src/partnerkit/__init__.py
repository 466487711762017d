"""partnerkit: a guided interview and a living YAML file for a partner outreach worksheet.

Data flows one way, and the folders show it: guide files -> guide/ (the model) -> interview/ ->
worksheet/ (the model, and its file) -> present/ (the view, and its formats). tracking/ works the
plan; editing/ is `partnerkit edit`; files/ knows files on disk; cli/ is the only door. Each
folder's docstring says what it may import, and tests/test_structure.py holds it to that.

May import: nothing
"""

__version__ = "0.1.0"
