"""One exception base for benchnb, a few meaningful subclasses, and the exit codes.

The command line turns a :class:`BenchnbError` into a one-line message on stderr and
exits with the error's ``exit_code``. The codes are documented in the README.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_RUN_FAILED = 1  # a notebook or an export failed; the partial output stays in DIR
EXIT_USAGE = 2  # bad command line or parameters: nothing was run or written
EXIT_INPUT = 3  # bad input: a root is missing or is not a directory; nothing was written
EXIT_OUTPUT = 4  # the output directory cannot be used (not empty, not writable)
EXIT_LLM_FALLBACK = 5  # complete, but the requested LLM backend wrote none of the narrative
EXIT_REGRESSION = 6  # benchnb compare --fail-on-regression: something regressed
EXIT_INTERRUPTED = 130


class BenchnbError(Exception):
    """Base of every error benchnb reports to a user."""

    exit_code = EXIT_RUN_FAILED

    def _render_traceback_(self) -> list[str]:
        """In a notebook (IPython asks for this), the same one line as the command line."""
        return [f"benchnb: error: {self}"]


class ParameterError(BenchnbError):
    """A parameter is unknown, has the wrong type, or a parameter file is unreadable."""

    exit_code = EXIT_USAGE


class InputError(BenchnbError):
    """A root to scan is missing or is not a directory."""

    exit_code = EXIT_INPUT


class OutputError(BenchnbError):
    """The output directory cannot be used."""

    exit_code = EXIT_OUTPUT


class NotebookError(BenchnbError):
    """A notebook failed while executing; the partly executed notebook is kept."""

    exit_code = EXIT_RUN_FAILED


class ExportError(BenchnbError):
    """nbconvert could not export an executed notebook."""

    exit_code = EXIT_RUN_FAILED
