"""Typesetting the PDF in a second process, started before it is needed.

Why: a one-shot ``cvtool build -f pdf`` spends about as long importing WeasyPrint as it does
importing cvtool, reading and validating the CV and writing its HTML. Both are
single-threaded Python (a thread would share one core under the GIL), so the command line
starts this worker first: it imports WeasyPrint on another core while the main process
prepares the HTML, then typesets that HTML and sends the PDF back. The main process still
writes every file.

The worker only saves time, it never changes a result: the PDF is made by the same
function as in-process. If the worker cannot start, dies, or replies with anything but a
PDF or one of cvtool's own errors, the main process renders in-process as it would without
it. Exchange: one pickled :class:`PdfRequest` on the worker's stdin, one pickled reply on
its stdout; both ends are this program, joined by an anonymous pipe.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
from types import TracebackType
from typing import BinaryIO

from cvtool.errors import CvtoolError
from cvtool.renderers.weasyprint_pdf import PdfRequest, RenderedPdf

Reply = tuple[str, object]  # ("pdf", RenderedPdf) or ("error", CvtoolError)


class PdfWorker:
    """A WeasyPrint process warming up for one PDF; use as a context manager."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        if getattr(sys, "frozen", False):
            return  # no interpreter to start: render in-process
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "cvtool.renderers.pdf_worker"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError:
            self._process = None

    def render(self, request: PdfRequest) -> RenderedPdf | None:
        """The worker's PDF for ``request``; None when it has none to give (render in-process).

        Raises the worker's CvtoolError (a refused reference, say) as the in-process
        renderer would have."""
        process, self._process = self._process, None
        if process is None:
            return None
        try:
            output, _ = process.communicate(pickle.dumps(request))
            kind, value = pickle.loads(output) if process.returncode == 0 else ("", None)
        except Exception:  # a worker that died or garbled its reply: render in-process
            return None
        finally:
            _stop(process)
        if kind == "error" and isinstance(value, CvtoolError):
            raise value
        return value if kind == "pdf" and isinstance(value, RenderedPdf) else None

    def close(self) -> None:
        """Stop a worker that was not needed (a fitted résumé is typeset while fitting)."""
        process, self._process = self._process, None
        if process is not None:
            _stop(process)

    def __enter__(self) -> PdfWorker:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
        process.wait()
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            stream.close()


def _reply(request: PdfRequest) -> Reply:
    from cvtool.renderers.weasyprint_pdf import render

    try:
        return ("pdf", render(request))
    except CvtoolError as error:
        return ("error", error)


def serve(requests: BinaryIO, replies: BinaryIO) -> None:
    """Import WeasyPrint at once, then typeset the one request that arrives."""
    from cvtool.renderers.weasyprint_pdf import weasyprint_module

    with contextlib.suppress(CvtoolError):  # the request gets the same error, as a reply
        weasyprint_module()
    try:
        request = pickle.load(requests)
    except EOFError:
        return  # not needed after all
    pickle.dump(_reply(request), replies)
    replies.flush()


def main() -> None:
    # Replies go to the original stdout; anything a library prints goes to stderr instead,
    # so that it cannot corrupt a reply.
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    serve(sys.stdin.buffer, replies)


if __name__ == "__main__":
    main()
