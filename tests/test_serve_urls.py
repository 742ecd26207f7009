"""The preview server against odd and hostile URLs: 400 or 404, never a traceback, nothing hidden served."""

from __future__ import annotations

import http.client
import os
import socket

import pytest

from jianbao.serve.http import exposure_warning
from jianbao.serve.preview import PreviewServer

from project_helpers import issue, make_project, running_preview

ARTICLE = "articles:\n  - title: 全区工作进展\n    body: 各地工作进展顺利。\n"


@pytest.fixture
def server(tmp_path):
    project = make_project(tmp_path / "p", {"demo/2017/01.yaml": issue(ARTICLE)})
    with running_preview(project, interval=60) as preview:
        yield preview


def status(server: PreviewServer, path: str, method: str = "GET") -> int:
    """The status for a request with exactly this path (http.client sends it as written)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def raw_status(server: PreviewServer, request: bytes) -> bytes:
    """The status line for bytes no HTTP client would send."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(request)
        data = b""
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    return data.split(b"\r\n", 1)[0]


ODD = {
    "/%00": 400,
    "/demo/2017/01/index.html%00.png": 400,
    "/%zz": 400,
    "/demo/%e4%b8": 400,  # a UTF-8 sequence cut short
    "/%ff.html": 400,
    "/%": 400,
    "/..\\..\\etc\\passwd": 400,
    "/demo\\2017\\01\\index.html": 400,
    "/%5c..%5cetc%5cpasswd": 400,
    "/%0d%0aSet-Cookie:x=1": 400,
    "/" + "a" * 300: 404,
    "/" + "a" * 300 + ".html": 404,
    "/demo/" + "%E5%90%8D" * 100 + "/": 404,  # 名 a hundred times: 300 bytes
    "/" + "a/" * 2000: 404,
    "/../../../../etc/passwd": 404,
    "/..%2f..%2f..%2fetc%2fpasswd": 404,
    "/%2e%2e/%2e%2e/etc/passwd": 404,
    "/demo/../../p/content/series/demo.yaml": 404,
    "//etc/passwd": 404,
    "/C:/Windows/win.ini": 404,
    "/demo/2017/01/index.html:stream": 404,
    "/no/such/page.html": 404,
}

HIDDEN = ["/.cache/", "/.cache", "/.cache/validated/", "/.cache/pages.json", "/%2ecache/pages.json", "/.hidden",
          "/search.sqlite", "/search%2esqlite", "/demo/2017/01/.secret.txt", "/demo/.dir/page.html"]


def test_odd_urls_are_400_or_404_without_a_traceback(server, capfd):
    for path, expected in ODD.items():
        assert status(server, path) == expected, path
        assert status(server, path, "HEAD") == expected, path
    assert raw_status(server, b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n").split()[1] == b"400"
    assert raw_status(server, b"GET /a\rb HTTP/1.1\r\nHost: x\r\n\r\n").split()[1] == b"400"
    assert status(server, "/demo/2017/01/") == 200  # and it still serves
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Error" not in err, err


def test_hidden_files_and_the_search_database_are_never_served(server, capfd, tmp_path):
    out = server.project.out
    assert (out / ".cache").is_dir() and (out / "search.sqlite").is_file()
    (out / ".hidden").write_text("x", encoding="utf-8")
    (out / "demo/2017/01/.secret.txt").write_text("x", encoding="utf-8")
    (out / "demo/.dir").mkdir()
    (out / "demo/.dir/page.html").write_text("<p>x</p>", encoding="utf-8")
    for path in HIDDEN:
        assert status(server, path) == 404, path
    assert status(server, "/search/demo/2017.js") == 200  # the archive's own search stays
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_links_out_of_the_build_folder_are_not_followed(server):
    secret = server.project.root.parent / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    (server.project.out / "leak.txt").symlink_to(secret)
    (server.project.out / "elsewhere").symlink_to(secret.parent, target_is_directory=True)
    assert status(server, "/leak.txt") == 404
    assert status(server, "/elsewhere/secret.txt") == 404


def test_folders_without_a_page_are_not_listed(server):
    assert status(server, "/demo/2017/01/") == 200
    assert status(server, "/demo/2017/01") == 301
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("GET", "//demo/2017/01")
    response = connection.getresponse()
    assert response.status == 301 and response.getheader("Location") == "/demo/2017/01/"  # not //demo: a host
    connection.close()
    (server.project.out / "demo/empty").mkdir()
    assert status(server, "/demo/empty/") == 404


def test_a_failing_request_is_one_chinese_line(server, capfd, monkeypatch):
    from jianbao.serve import http as serve_http

    def broken(page, *args):
        raise ValueError("模拟的故障")

    monkeypatch.setattr(serve_http, "inject", broken)
    with pytest.raises((http.client.HTTPException, ConnectionError)):
        status(server, "/demo/2017/01/")
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert err.splitlines() == ["预览服务器处理一个请求时出错（已跳过，继续预览）：ValueError: 模拟的故障"]


def test_a_preview_reachable_from_other_computers_is_warned_about(tmp_path):
    project = make_project(tmp_path, {"demo/2017/01.yaml": issue(ARTICLE)})
    shouted: list[str] = []
    preview = PreviewServer(project, "0.0.0.0", 0, interval=60, say=lambda text: None, shout=shouted.append)
    preview.start()
    preview.stop()
    assert shouted == [exposure_warning("0.0.0.0")]
    assert shouted[0].startswith("警告：预览监听在 0.0.0.0 上，同一网络中的其他电脑也能打开这些简报")
    for address in ("192.168.1.20", "::", "10.0.0.1", "fe80::1%eth0"):
        assert exposure_warning(address), address
    for address in ("127.0.0.1", "127.0.1.1", "::1"):
        assert exposure_warning(address) is None, address


def test_a_loopback_preview_says_nothing_about_exposure(server):
    assert not [line for line in server.lines if "警告" in line]


def test_the_address_to_open_is_one_a_browser_can_open(tmp_path):
    project = make_project(tmp_path / "p", {"demo/2017/01.yaml": issue(ARTICLE)})
    for host, url in (("0.0.0.0", "http://127.0.0.1:8000/"), ("::", "http://[::1]:8000/"),
                      ("127.0.0.1", "http://127.0.0.1:8000/"), ("192.0.2.7", "http://192.0.2.7:8000/")):
        assert PreviewServer(project, host, 8000).url == url
