"""Extract stage: papers → mentions of repositories, datasets, models, methods,
concepts and references, plus acronym definitions, with offsets and sentences."""

from graphbuild.extract.mentions import extraction_from_doc, iter_extractions
from graphbuild.extract.pipeline import build_nlp

__all__ = ["build_nlp", "extraction_from_doc", "iter_extractions"]
