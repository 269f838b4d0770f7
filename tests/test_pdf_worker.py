"""The PDF worker saves time and nothing else: same bytes, same errors, and a build that
still succeeds when the worker is gone."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

import cvtool.build as build_module
from cvtool import cli
from cvtool.build import BuildRequest, build
from cvtool.errors import Diagnostic, DiagnosticsError, Severity, UnsafeReferenceError
from cvtool.loader import load
from cvtool.pipeline import prepare
from cvtool.renderers import weasyprint_pdf
from cvtool.renderers.pdf import pdf_request
from cvtool.renderers.pdf_worker import PdfWorker
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

MINIMAL = ROOT / "examples" / "minimal.yaml"


@pytest.fixture
def request_for_minimal(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    job = prepare(load(MINIMAL))
    return pdf_request(job.doc, job.theme, job.design, job.cv_dir)


def test_worker_pdf_is_the_in_process_pdf_byte_for_byte(request_for_minimal):
    with PdfWorker() as worker:
        from_worker = worker.render(request_for_minimal)
    assert from_worker is not None
    assert from_worker == weasyprint_pdf.render(request_for_minimal)


def test_worker_raises_a_refused_reference_as_in_process(request_for_minimal):
    html = request_for_minimal.html.replace(
        "</body>", '<img src="file:///etc/passwd"></body>')
    hostile = weasyprint_pdf.PdfRequest(html, request_for_minimal.theme_roots,
                                        request_for_minimal.cv_dir)
    with PdfWorker() as worker, pytest.raises(UnsafeReferenceError, match="passwd"):
        worker.render(hostile)


def test_a_dead_worker_gives_nothing_and_the_build_still_writes_the_pdf(tmp_path,
                                                                         monkeypatch):
    worker = PdfWorker()
    assert worker._process is not None
    worker._process.kill()
    worker._process.wait()
    monkeypatch.setattr(build_module, "_start_worker", lambda request: worker)
    (pdf,) = build(BuildRequest(MINIMAL, ("pdf",), tmp_path)).written
    assert pdf.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("program", [
    "import sys; sys.stdin.buffer.read(); sys.stdout.write('not a reply')",
    "import sys; sys.exit(3)",
])
def test_a_garbled_or_failed_reply_gives_nothing(request_for_minimal, program):
    worker = PdfWorker()
    worker.close()
    worker._process = subprocess.Popen([sys.executable, "-c", program], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE)
    assert worker.render(request_for_minimal) is None


def test_a_worker_gives_one_pdf_then_nothing(request_for_minimal):
    with PdfWorker() as worker:
        assert worker.render(request_for_minimal) is not None
        assert worker.render(request_for_minimal) is None


def test_closing_an_unneeded_worker_ends_its_process():
    worker = PdfWorker()
    process = worker._process
    assert process is not None
    worker.close()
    assert process.returncode is not None
    worker.close()  # twice is harmless


def test_command_line_pdf_build_is_typeset_by_the_worker(tmp_path, monkeypatch):
    calls = []
    real_render = PdfWorker.render

    def spy(self, request):
        result = real_render(self, request)
        calls.append(result is not None)
        return result

    monkeypatch.setattr(PdfWorker, "render", spy)
    result = cli.main.main(["build", str(MINIMAL), "-f", "pdf", "-o", str(tmp_path)],
                           standalone_mode=False)
    assert result is None
    assert calls == [True]
    assert (tmp_path / "minimal.pdf").read_bytes().startswith(b"%PDF-")


def test_located_errors_survive_the_trip_between_processes():
    diagnostic = Diagnostic("CV110", "no such image", Severity.ERROR, None, "photo")
    error = pickle.loads(pickle.dumps(DiagnosticsError([diagnostic])))
    assert error.diagnostics == [diagnostic]
    assert error.messages() == [diagnostic.format()]


def test_the_build_module_is_light_so_the_worker_starts_first():
    """``cvtool build`` starts the PDF worker before the schema and renderers are imported."""
    loaded = subprocess.run([sys.executable, "-c", "import sys, cvtool.build; print(sorted("
                             "m for m in ('pydantic', 'cvtool.schema', 'jinja2', 'weasyprint') "
                             "if m in sys.modules))"],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
