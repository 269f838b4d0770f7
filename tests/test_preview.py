"""`cvtool preview`: served on 127.0.0.1 only, reloaded on save, errors over the last good
page (escaped), the PDF in the background, nothing but its own four paths served."""

from __future__ import annotations

import http.client
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cvtool.preview import Preview, PreviewRequest, PreviewServer

GOOD = "name: Ada Lovelace\n"
BETTER = "name: Ada King\n"
BROKEN = "name: Ada King\n<script>alert(1)</script>: oops\n"  # an unknown key, quoted


def wait_for(condition, timeout: float = 15.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


def get(server: PreviewServer, path: str) -> tuple[int, str, bytes]:
    host, port = server.httpd.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type") or "", response.read()
    finally:
        connection.close()


def raw_get(server: PreviewServer, path: str) -> bytes:
    """A request line exactly as written (no client normalises the path)."""
    with socket.create_connection(server.httpd.server_address[:2], timeout=10) as conn:
        conn.sendall(f"GET {path} HTTP/1.0\r\nHost: x\r\n\r\n".encode())
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    return data


def start(tmp_path: Path, pdf: bool) -> Iterator[PreviewServer]:
    source = tmp_path / "cv.yaml"
    source.write_text(GOOD)
    (tmp_path / "secret.txt").write_text("not for the browser")
    server = PreviewServer(PreviewRequest(source, pdf=pdf), port=0)
    server.start()
    time.sleep(0.3)  # let the watcher settle before the first save
    try:
        yield server
    finally:
        server.stop()
        assert not [t for t in server._threads if t.is_alive()]
        assert not [t for t in threading.enumerate() if t.name.startswith("cvtool-")]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[PreviewServer]:
    yield from start(tmp_path, pdf=False)


@pytest.fixture
def pdf_server(tmp_path: Path) -> Iterator[PreviewServer]:
    yield from start(tmp_path, pdf=True)


def test_binds_loopback_only(server: PreviewServer):
    assert server.httpd.server_address[0] == "127.0.0.1"
    assert server.url.startswith("http://127.0.0.1:")


def test_page_is_the_html_with_the_event_script(server: PreviewServer):
    status, kind, body = get(server, "/")
    assert status == 200 and kind.startswith("text/html")
    page = body.decode()
    assert "Ada Lovelace" in page
    assert 'new EventSource("/events")' in page
    assert page.index("EventSource") < page.rindex("</body>")  # injected inside the body
    assert "cvtool-preview-errors" not in page


def test_a_save_sends_an_event_and_the_next_page_shows_it(server: PreviewServer):
    host, port = server.httpd.server_address[:2]
    events = http.client.HTTPConnection(host, port, timeout=10)
    events.request("GET", "/events")
    stream = events.getresponse()
    assert stream.getheader("Content-Type") == "text/event-stream"
    assert stream.readline() == b"event: page\n"
    assert stream.readline() == b"data: 1\n"
    assert stream.readline() == b"\n"
    source = server.preview.request.source
    temporary = source.with_name(".cv.yaml.swp")  # a rename-style save
    temporary.write_text(BETTER)
    os.replace(temporary, source)
    assert stream.readline() == b"event: page\n"  # within the stream's 10 s timeout
    assert stream.readline() == b"data: 2\n"
    events.close()
    page = get(server, "/")[2].decode()
    assert "Ada King" in page and "Ada Lovelace" not in page
    assert 'var version = "2"' in page


def test_an_invalid_save_shows_located_escaped_errors_over_the_last_good_page(
        server: PreviewServer):
    source = server.preview.request.source
    source.write_text(BROKEN)
    assert wait_for(lambda: server.preview.version >= 2)
    page = get(server, "/")[2].decode()
    assert "Ada Lovelace" in page  # the last good page
    overlay = page[page.index('id="cvtool-preview-errors"'):]
    assert f"{source}:2:1: error[CV100]" in overlay
    assert "unknown key `&lt;script&gt;alert(1)&lt;/script&gt;`" in overlay
    assert "<script>alert" not in page
    source.write_text(GOOD)
    assert wait_for(lambda: server.preview.version >= 3)
    assert "cvtool-preview-errors" not in get(server, "/")[2].decode()


def test_the_broken_value_itself_is_escaped(tmp_path: Path):
    source = tmp_path / "cv.yaml"
    source.write_text(BROKEN)  # invalid from the start: no good page to show
    server = PreviewServer(PreviewRequest(source, pdf=False), port=0)
    server.start()
    try:
        page = get(server, "/")[2].decode()
    finally:
        server.stop()
    assert "cvtool-preview-errors" in page
    assert f"{source}:2:1: error[CV100]" in page
    assert "<script>alert" not in page and "Ada" not in page


@pytest.mark.parametrize("path", [
    "/../cv.yaml", "/%2e%2e/cv.yaml", "/%2e%2e/", "/cv.yaml", "/secret.txt", "/out/",
    "//etc/passwd", "/index.html/../cv.yaml", "/themes/", "/cv.pdf/../cv.yaml"])
def test_nothing_else_is_served(server: PreviewServer, path: str):
    response = raw_get(server, path)
    assert response.startswith(b"HTTP/1.0 404") or response.startswith(b"HTTP/1.1 404"), \
        response[:80]
    assert b"not for the browser" not in response and b"Ada" not in response


def test_no_pdf_yet_is_404_and_the_page_says_nothing_of_it(server: PreviewServer):
    assert get(server, "/cv.pdf")[0] == 404
    assert 'id="cvtool-preview-pdf"' not in get(server, "/")[2].decode()


def test_a_save_that_changes_nothing_shown_neither_reloads_nor_typesets(tmp_path: Path):
    source = tmp_path / "cv.yaml"
    source.write_text(GOOD)
    preview = Preview(PreviewRequest(source, pdf=False))
    assert preview.rebuild() and preview.version == 1
    source.write_text(GOOD + "# a comment\n")
    assert preview.rebuild() and preview.version == 1
    source.write_text(BETTER)
    assert preview.rebuild() and preview.version == 2


def test_a_language_and_a_variant(tmp_path: Path):
    root = Path(__file__).resolve().parent.parent
    german = Preview(PreviewRequest(root / "examples" / "bilingual.yaml", lang="de", pdf=False))
    assert german.rebuild()
    assert '<html lang="de"' in german.page().decode()
    unknown = Preview(PreviewRequest(root / "examples" / "bilingual.yaml", lang="fr", pdf=False))
    assert not unknown.rebuild()
    assert "`fr` is not one of the CV" in unknown.page().decode()
    resume = Preview(PreviewRequest(root / "data" / "cv.yaml", variant="resume", pdf=False))
    whole = Preview(PreviewRequest(root / "data" / "cv.yaml", pdf=False))
    assert resume.rebuild() and whole.rebuild()
    def text(page: bytes) -> str:  # the fonts inlined differ by theme: leave them out
        return re.sub(r"data:font/woff2;base64,[A-Za-z0-9+/=]+", "", page.decode())

    assert len(text(resume.page())) < len(text(whole.page()))


def test_the_command_line_rejects_a_taken_port(tmp_path: Path):
    from click.testing import CliRunner

    from cvtool.cli import main

    (tmp_path / "cv.yaml").write_text(GOOD)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["preview", str(tmp_path / "cv.yaml"), "--port",
                                           str(port), "--no-pdf"])
    assert result.exit_code == 1
    assert f"cannot serve on 127.0.0.1:{port}" in result.output


@pytest.mark.slow
def test_the_pdf_is_built_in_the_background(pdf_server: PreviewServer):
    assert wait_for(lambda: pdf_server.preview.pdf_state == "ready", timeout=60)
    status, kind, body = get(pdf_server, "/cv.pdf")
    assert status == 200 and kind == "application/pdf" and body.startswith(b"%PDF")
    assert "PDF ready" in get(pdf_server, "/")[2].decode()
    pdf_server.preview.request.source.write_text(BETTER)
    assert wait_for(lambda: pdf_server.preview.version >= 2)
    assert wait_for(lambda: pdf_server.preview.pdf_state == "ready", timeout=60)
    assert get(pdf_server, "/cv.pdf")[2] != body  # the new name, typeset again
