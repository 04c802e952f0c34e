"""bilingue: French press releases to reviewable English drafts, offline."""

__all__ = ["__version__"]

__version__ = "0.1.0"
