"""`partnerkit edit`: a private copy in the user's editor, validated, saved only when valid, the
user's text kept whatever stops the edit.

May import: catalog, errors, files, guide, worksheet
"""
