"""A real `stratalign serve` subprocess for the serve tests, and raw HTTP against it.

Shared by test_serve.py, test_serve_hostile.py, test_serve_clients.py and
test_w3c_protocol.py. Every request has a timeout; :meth:`Server.stop` kills the
process when SIGTERM does not stop it.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


class Server:
    """A `stratalign serve` subprocess and the address it printed."""

    def __init__(self, tmp: Path, *args: str, new_session: bool = False, env: dict[str, str] | None = None) -> None:
        self.log = open(tmp / "serve.log", "wb")  # noqa: SIM115 - closed in stop()
        env = {
            **os.environ,
            **(env or {}),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "stratalign.cli", "serve", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=self.log,
            env=env,
            start_new_session=new_session,  # its own process group, as a terminal's Ctrl+C reaches it
        )
        lines: list[str] = []
        reader = threading.Thread(
            target=lambda: lines.extend(self.process.stdout.readline().decode() for _ in range(3)), daemon=True
        )
        reader.start()
        reader.join(60)
        found = re.search(r"endpoint:\s+(http://\S+)", "".join(lines))
        if not found:
            self.stop()
            pytest.fail(
                "serve did not start: " + "".join(lines) + (tmp / "serve.log").read_text(errors="replace")[-2000:]
            )
        self.endpoint = found.group(1)
        self.base = self.endpoint.rsplit("/", 1)[0]
        self.host, port = urllib.parse.urlsplit(self.base).netloc.rsplit(":", 1)
        self.port = int(port)

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None, timeout: float = 15
    ):
        """One request on a fresh connection: (status, headers, body)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def get(self, query: str, accept: str | None = None, path: str = "/sparql", **params):
        headers = {"Accept": accept} if accept else {}
        return self.request("GET", path + "?" + urllib.parse.urlencode({"query": query, **params}), headers=headers)

    def stop(self) -> int | None:
        self.process.terminate()
        try:
            code = self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait(15)
        self.process.stdout.close()
        self.log.close()
        return code

    def workers(self) -> list[int]:
        """The process ids of the server's children (its query workers)."""
        return children(self.process.pid)


def raw_request(host: str, port: int, data: bytes, timeout: float = 15) -> tuple[int, bytes]:
    """``data`` sent byte for byte; (status, answer) once the server answered, 0 when it closed without one."""
    with socket.create_connection((host, port), timeout=timeout) as connection:
        connection.sendall(data)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        found = re.match(rb"HTTP/1\.[01] (\d{3})", head)
        if not found:
            return 0, answer
        length = re.search(rb"(?im)^content-length:\s*(\d+)\s*$", head)
        while length and len(body) < int(length.group(1)):
            chunk = connection.recv(65536)
            if not chunk:
                break
            body += chunk
        return int(found.group(1)), head + b"\r\n\r\n" + body


def children(pid: int) -> list[int]:
    """The live processes whose parent is ``pid`` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
