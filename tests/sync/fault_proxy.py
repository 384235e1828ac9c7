"""A fault-injecting HTTP/1.1 proxy for the sync reliability tests (loopback only, bounded).

It sits between the workstation's client and a real ``inspector-hq serve`` process and forwards whole HTTP
messages (parsed with h11, relayed byte for byte), so it knows where each request and response ends and can
spoil exactly one of them:

* ``cut_response`` — HQ did the work, but only the first ``size`` bytes of its answer reach the client, then the
  connection drops (a network cut mid-response);
* ``cut_request`` — only the first ``size`` bytes of the request reach HQ, then the connection drops (a cut in the
  middle of an upload);
* ``drop`` — the connection closes before the request reaches HQ;
* ``stall`` — the request reaches HQ, but the proxy waits ``seconds`` before it reads the answer (time for the
  test to kill a process in the middle of the exchange);
* ``delay`` — the answer is held ``seconds`` before it is relayed (longer than the client's read timeout, it
  arrives on a connection the client has given up on);
* ``duplicate`` — the answer is sent twice on the same connection (a client that checks its idle connections
  before reuse drops it);
* ``stale`` — the answer is relayed, and sent again on the same connection just after the *next* request
  arrives, ahead of that request's own answer: the client reads an answer that belongs to another question
  (answers duplicated and out of order).

Faults are queued per path prefix (and method) and each applies to one matching request, in order (a ``pass``
fault lets one matching request through, to aim the next fault at a later one); everything else passes untouched.
Every socket has a timeout, and the proxy stops with the test.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field

import h11

_IO_TIMEOUT = 30.0
_CHUNK = 65536


@dataclass(frozen=True)
class Fault:
    """One fault for the next request whose path starts with ``path``."""

    kind: str  # cut_response | cut_request | drop | stall | delay | duplicate | stale | pass
    path: str = "/"
    method: str = ""  # any method when empty
    size: int = 0
    seconds: float = 0.0


@dataclass
class ProxyLog:
    """What went through: (method, path, fault kind or "") per request, in order."""

    requests: list[tuple[str, str, str]] = field(default_factory=list)

    def faults(self, kind: str) -> int:
        return sum(1 for _, _, applied in self.requests if applied == kind)


class FaultProxy:
    """Listens on 127.0.0.1 (a free port) and forwards to ``upstream_port`` on 127.0.0.1."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.2)
        self.port: int = self._listener.getsockname()[1]
        self._faults: deque[Fault] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self.log = ProxyLog()
        self._acceptor = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)
        self._acceptor.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def add(self, *faults: Fault) -> None:
        """Queue faults; each hits the next request whose path matches it."""
        with self._lock:
            self._faults.extend(faults)

    def pending_faults(self) -> int:
        with self._lock:
            return len(self._faults)

    def stop(self) -> None:
        self._stopping.set()
        self._acceptor.join(5)
        self._listener.close()
        for thread in self._threads:
            thread.join(5)

    # ------------------------------------------------------------------------------------------ internals
    def _take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if path.startswith(fault.path) and fault.method in ("", method):
                    self._faults.remove(fault)
                    return fault
        return None

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(client,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, client: socket.socket) -> None:
        client.settimeout(_IO_TIMEOUT)
        upstream: socket.socket | None = None
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=_IO_TIMEOUT)
        except OSError:
            client.close()
            return
        from_client = h11.Connection(h11.SERVER)
        to_upstream = h11.Connection(h11.CLIENT)
        replay: bytes | None = None
        try:
            while not self._stopping.is_set():
                request = _read_message(client, from_client, to_upstream)
                if request is None:
                    return
                raw_request, method, path = request
                if replay is not None:
                    client.sendall(replay)
                    replay = None
                fault = self._take(method, path)
                self.log.requests.append((method, path, fault.kind if fault else ""))
                if fault is not None and fault.kind == "drop":
                    return
                if fault is not None and fault.kind == "cut_request":
                    upstream.sendall(raw_request[: fault.size])
                    time.sleep(0.2)
                    return
                upstream.sendall(raw_request)
                if fault is not None and fault.kind == "stall":
                    self._stopping.wait(fault.seconds)
                response = _read_message(upstream, to_upstream, from_client)
                if response is None:
                    return
                raw_response = response[0]
                if fault is not None and fault.kind == "cut_response":
                    client.sendall(raw_response[: fault.size])
                    return
                if fault is not None and fault.kind == "delay":
                    time.sleep(fault.seconds)
                client.sendall(raw_response)
                if fault is not None and fault.kind == "duplicate":
                    client.sendall(raw_response)
                if fault is not None and fault.kind == "stale":
                    replay = raw_response
                if to_upstream.our_state is h11.MUST_CLOSE or from_client.our_state is h11.MUST_CLOSE:
                    return
                try:
                    to_upstream.start_next_cycle()
                    from_client.start_next_cycle()
                except h11.LocalProtocolError:
                    return
        except (OSError, h11.ProtocolError):
            return
        finally:
            for sock in (client, upstream):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()


def _read_message(
    sock: socket.socket, parser: h11.Connection, forward: h11.Connection | None
) -> tuple[bytes, str, str] | None:
    """Read one whole HTTP message from ``sock``; its raw bytes, and for requests the method and path.

    ``forward`` is the parser of the other side, told about the message so that both keep step: the upstream
    parser learns the request (to parse its answer: a HEAD answer has no body), the client-side parser learns the
    answer (to be ready for the next request on the connection).
    """
    raw = bytearray()
    method = path = ""
    while True:
        event = parser.next_event()
        if event is h11.NEED_DATA:
            data = sock.recv(_CHUNK)
            if not data:
                return None
            raw.extend(data)
            parser.receive_data(data)
            continue
        if event is h11.PAUSED or isinstance(event, h11.ConnectionClosed):
            return None
        if isinstance(event, h11.Request):
            method = event.method.decode()
            path = event.target.decode()
            if forward is not None:
                forward.send(h11.Request(method=event.method, target=event.target, headers=event.headers))
        elif isinstance(event, h11.Response):
            if forward is not None:
                forward.send(h11.Response(status_code=event.status_code, headers=event.headers, reason=event.reason))
        elif isinstance(event, h11.Data):
            if forward is not None:
                forward.send(h11.Data(data=event.data))
        elif isinstance(event, h11.EndOfMessage):
            if forward is not None:
                forward.send(h11.EndOfMessage())
            return bytes(raw), method, path
