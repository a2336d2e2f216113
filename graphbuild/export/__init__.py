"""Export stage: the graph → files (GraphML, node-link JSON, JSONL, neo4j-admin CSV)."""

from graphbuild.export.files import write_outputs

__all__ = ["write_outputs"]
