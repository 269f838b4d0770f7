"""``cvtool preview``: the CV's HTML on 127.0.0.1, reloaded on every save, its PDF beside it.

Three parts, each small:

- :class:`Preview` holds the last good page, the current errors and the PDF, all in memory
  (nothing is written: ``cvtool build`` writes out/). :meth:`Preview.rebuild` runs the same
  pipeline as a build (load, language, variant, HTML); a source that fails keeps the last
  good page and shows the located diagnostics over it. The PDF is typeset by a background
  thread in this process, so WeasyPrint stays imported between renders (a warm re-render
  costs a fraction of a cold ``cvtool build -f pdf``; ``bench/run.py`` measures both).
- The HTTP handler serves exactly four paths: ``/`` (the page with a small injected script),
  ``/cv.pdf``, ``/events`` (server-sent events: ``page`` with the page's version, ``pdf``
  with ``building``/``ready``/``failed``) and nothing else. The HTML output is standalone
  (its CSS inline, its photo a data: URI), so no file is ever served from disk: no
  directory listing, no path to traverse.
- :func:`serve` binds 127.0.0.1 only, and rebuilds on every save, with the change
  detection of ``build --watch`` (:func:`cvtool.watch.source_changes`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from cvtool.errors import CvtoolError

HOST = "127.0.0.1"
DEFAULT_PORT = 8765

PDF_LABELS = {"building": "PDF: building…", "ready": "PDF ready", "failed": "PDF failed",
              "off": ""}

# The script the server adds to the page (the theme's templates know nothing of it): it
# reloads the page when the server has a newer one and shows the PDF's state.
SCRIPT = """<script>(function () {
  var version = "%(version)s";
  var label = document.getElementById("cvtool-preview-pdf");
  var labels = %(labels)s;
  var events = new EventSource("/events");
  events.addEventListener("page", function (e) { if (e.data !== version) location.reload(); });
  events.addEventListener("pdf", function (e) {
    if (label) { label.textContent = labels[e.data] || ""; label.dataset.state = e.data; }
  });
})();</script>"""

BADGE = ('<a id="cvtool-preview-pdf" href="/cv.pdf" target="_blank" data-state="%(state)s" '
         'style="position:fixed;right:12px;bottom:12px;z-index:2147483646;padding:4px 10px;'
         'border-radius:4px;background:#222;color:#fff;font:13px/1.4 system-ui,sans-serif;'
         'text-decoration:none;opacity:.85">%(label)s</a>'
         '<style>@media print{#cvtool-preview-pdf,#cvtool-preview-errors{display:none}}'
         '</style>')

OVERLAY = ('<div id="cvtool-preview-errors" role="alert" style="position:fixed;left:0;'
           'right:0;top:0;z-index:2147483647;max-height:70vh;overflow:auto;margin:0;'
           'padding:12px 16px;background:#fff4f4;color:#7a0000;border-bottom:3px solid #c00;'
           'font:13px/1.5 ui-monospace,monospace;box-shadow:0 2px 8px rgba(0,0,0,.2)">'
           '<strong>%(title)s</strong><pre style="margin:.5em 0 0;white-space:pre-wrap;'
           'font:inherit">%(lines)s</pre></div>')

EMPTY_PAGE = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>cvtool preview'
              '</title></head><body></body></html>')

# The page reaches nothing outside itself: inline CSS, a data: photo, this server's events.
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
       "script-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'")


@dataclass(frozen=True)
class PreviewRequest:
    source: Path
    lang: str | None = None
    variant: str | None = None
    theme: str | None = None
    pdf: bool = True  # typeset the PDF in the background


class Preview:
    """The state the server shows; thread-safe. ``rebuild`` after every save."""

    def __init__(self, request: PreviewRequest,
                 echo: Callable[..., None] = lambda *_a, **_k: None) -> None:
        self.request = request
        self.echo = echo
        self.changed = threading.Condition()
        self.version = 0  # bumped by every rebuild, good or not
        self.html: str | None = None  # the last good page, as rendered
        self.errors: list[str] = []
        self.pdf: bytes | None = None
        self.pdf_state = "building" if request.pdf else "off"
        self.closing = False
        self._job: tuple[object, object] | None = None  # (loaded, job) the PDF is made from
        self._pdf_wanted = threading.Event()
        self._pdf_thread: threading.Thread | None = None
        if request.pdf:
            self._pdf_thread = threading.Thread(target=self._pdf_loop, name="cvtool-pdf",
                                                daemon=True)
            self._pdf_thread.start()

    # -- building ------------------------------------------------------------------------

    def rebuild(self) -> bool:
        """Render the page again; True when the source was good."""
        try:
            loaded, job, html, warnings = self._render_html()
        except (CvtoolError, OSError) as exc:
            messages = exc.messages() if isinstance(exc, CvtoolError) else [
                f"{self.request.source}: {exc.strerror or exc}"]
            for message in messages:
                self.echo(message, err=True)
            with self.changed:
                self.errors = messages
                self.version += 1
                self.changed.notify_all()
            return False
        for warning in warnings:
            self.echo(warning, err=True)
        with self.changed:
            if html == self.html and not self.errors:
                return True  # a save that changed nothing shown: no reload, no new PDF
            self.html, self.errors = html, []
            self.version += 1
            self._job = (loaded, job)
            if self.request.pdf:
                self.pdf_state = "building"
                self._pdf_wanted.set()
            self.changed.notify_all()
        return True

    def _render_html(self) -> tuple[object, object, str, list[str]]:
        from cvtool.errors import DiagnosticsError, Severity
        from cvtool.loader import load
        from cvtool.pipeline import font_diagnostics, prepare, render_checked

        request = self.request
        loaded = load(request.source)
        lang = request.lang or loaded.languages[0]
        if lang not in loaded.languages:
            raise CvtoolError(f"{request.source}: `{lang}` is not one of the CV's languages "
                              f"({', '.join(loaded.languages)})")
        formats = ("html", "pdf") if request.pdf else ("html",)
        found = [*loaded.warnings, *font_diagnostics(loaded, formats)]
        errors = [d for d in found if d.severity is Severity.ERROR]
        if errors:
            raise DiagnosticsError(errors)
        in_lang = loaded.in_language(lang)
        job = prepare(in_lang, request.theme, request.variant)
        data, lost = render_checked(in_lang, job, "html")
        return in_lang, job, data.decode("utf-8"), [d.format() for d in [*found, *lost]]

    def render_pdf(self) -> None:
        """Typeset the PDF of the last good page, in the calling thread (the background
        thread calls it after every good save; bench/run.py times it)."""
        from cvtool.pipeline import render_checked

        with self.changed:
            job = self._job
        if job is None:
            return
        loaded, prepared = job
        try:
            data, _lost = render_checked(loaded, prepared, "pdf")  # type: ignore[arg-type]
        except Exception as exc:  # any failure is told, and the next save tries again
            messages = exc.messages() if isinstance(exc, CvtoolError) else [f"PDF: {exc!r}"]
            for message in messages:
                self.echo(message, err=True)
            state, data = "failed", None
        else:
            state = "ready"
        with self.changed:
            if self._job is job:  # else a newer one is on its way
                self.pdf_state = state
                self.pdf = data if data is not None else self.pdf
            self.changed.notify_all()

    def _pdf_loop(self) -> None:
        while True:
            self._pdf_wanted.wait()
            if self.closing:
                return
            self._pdf_wanted.clear()
            self.render_pdf()

    def close(self) -> None:
        with self.changed:
            self.closing = True
            self.changed.notify_all()
        self._pdf_wanted.set()
        if self._pdf_thread is not None:
            self._pdf_thread.join()

    # -- what is served ------------------------------------------------------------------

    def page(self) -> bytes:
        """The last good page, with the event script, the PDF badge and any errors."""
        import json

        from cvtool.markup import escape

        with self.changed:
            html, errors, version, state = (self.html, list(self.errors), self.version,
                                            self.pdf_state)
        added = ""
        if state != "off":
            added += BADGE % {"state": state, "label": escape(PDF_LABELS[state], "html")}
        if errors:
            title = (f"{self.request.source} has errors; showing the last good page"
                     if html is not None else f"{self.request.source} has errors")
            added += OVERLAY % {"title": escape(title, "html"),
                                "lines": escape("\n".join(errors), "html")}
        added += SCRIPT % {"version": version, "labels": json.dumps(PDF_LABELS)}
        return inject(html if html is not None else EMPTY_PAGE, added).encode("utf-8")


def inject(html: str, added: str) -> str:
    """``added`` just before the page's closing ``</body>`` (at the end when it has none)."""
    at = html.lower().rfind("</body>")
    return html + added if at < 0 else html[:at] + added + html[at:]


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "cvtool-preview"
        sys_version = ""

        def do_GET(self) -> None:  # the name http.server calls
            path = urlsplit(self.path).path
            if path in ("/", "/index.html"):
                self._send(200, "text/html; charset=utf-8", preview.page())
            elif path == "/cv.pdf":
                with preview.changed:
                    pdf = preview.pdf
                if pdf is None:
                    self._send(404, "text/plain; charset=utf-8", b"no PDF yet\n")
                else:
                    self._send(200, "application/pdf", pdf)
            elif path == "/events":
                self._events()
            else:
                self._send(404, "text/plain; charset=utf-8", b"not found\n")

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            if kind.startswith("text/html"):
                self.send_header("Content-Security-Policy", CSP)
            self.end_headers()
            self.wfile.write(body)

        def _events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            sent: tuple[int, str] | None = None
            try:
                while True:
                    with preview.changed:
                        preview.changed.wait_for(
                            lambda sent=sent: preview.closing
                            or (preview.version, preview.pdf_state) != sent, timeout=15)
                        if preview.closing:
                            return
                        now = (preview.version, preview.pdf_state)
                    if now == sent:
                        message = ": still here\n\n"
                    else:
                        message = f"event: page\ndata: {now[0]}\n\n"
                        if now[1] != "off":
                            message += f"event: pdf\ndata: {now[1]}\n\n"
                    self.wfile.write(message.encode("utf-8"))
                    self.wfile.flush()
                    sent = now
            except (BrokenPipeError, ConnectionResetError):
                return  # the page went away

        def log_message(self, format: str, *args: object) -> None:
            pass  # no line per request

    return Handler


class PreviewServer:
    """The server, the watcher and the PDF thread of one preview; ``start``, then ``stop``."""

    def __init__(self, request: PreviewRequest, port: int = DEFAULT_PORT,
                 echo: Callable[..., None] = lambda *_a, **_k: None) -> None:
        self.preview = Preview(request, echo)
        try:
            self.httpd = ThreadingHTTPServer((HOST, port), _handler(self.preview))
        except BaseException:
            self.preview.close()
            raise
        self.httpd.daemon_threads = True
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> None:
        self.preview.rebuild()
        def serve_forever() -> None:
            self.httpd.serve_forever(poll_interval=0.1)  # stop() waits at most this long

        for target, name in ((serve_forever, "cvtool-http"),
                             (self._watch, "cvtool-watch")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def _watch(self) -> None:
        from cvtool.watch import source_changes

        for _ in source_changes(self.preview.request.source, self._stop):
            self.preview.rebuild()

    def stop(self) -> None:
        self._stop.set()
        self.preview.close()  # ends every event stream
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> PreviewServer:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def serve(request: PreviewRequest, port: int, echo: Callable[..., None]) -> None:
    """Serve until Ctrl-C."""
    server = PreviewServer(request, port, echo)
    server.start()
    echo(f"previewing {request.source} at {server.url} (Ctrl-C to stop)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        echo("stopping")
    finally:
        server.stop()
