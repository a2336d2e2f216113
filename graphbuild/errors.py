"""The library's own exceptions; the CLI turns them into one-line messages."""


class GraphbuildError(Exception):
    """Base class of every error graphbuild raises on purpose."""


class InputError(GraphbuildError):
    """An input file cannot be read at all (missing, unreadable, unknown format)."""


class ExtractError(GraphbuildError):
    """The extraction pipeline cannot be built or run."""


class ExportError(GraphbuildError):
    """An output cannot be written or a database cannot be loaded."""


class WorkerError(GraphbuildError):
    """A process the build forked to share a stage's work died or failed."""
