"""partnerkit: a guided interview and a living YAML file for a partner outreach worksheet."""

__version__ = "0.1.0"
