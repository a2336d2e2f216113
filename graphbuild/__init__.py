"""graphbuild: research-paper text → citation-style knowledge graph."""

__version__ = "0.1.0"
