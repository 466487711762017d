"""The interview behind `partnerkit new`: the guide's questions in order (flow.py), the review,
drafts that keep every answer, and one run from resume to save (run.py). It asks through the
Prompter protocol; the prompters that talk to a terminal live in cli/prompters/.

May import: catalog, errors, files, guide, worksheet; yaml
"""
