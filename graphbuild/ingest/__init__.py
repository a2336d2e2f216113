"""Ingest stage: input files → unique ``Paper`` records plus an ``IngestReport``.

Readers are generators that yield ``RawRecord`` or ``Skip`` items; ``merge_records``
folds repeated papers into one. See ``ids.py`` for how paper ids are made.
"""

from graphbuild.ingest.files import iter_input_files, iter_raw_items
from graphbuild.ingest.ids import normalize_title, paper_id
from graphbuild.ingest.merge import ingest, merge_records

__all__ = [
    "ingest",
    "iter_input_files",
    "iter_raw_items",
    "merge_records",
    "normalize_title",
    "paper_id",
]
