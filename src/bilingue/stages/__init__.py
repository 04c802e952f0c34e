"""Pipeline stages: each a pure function over the Document model."""
