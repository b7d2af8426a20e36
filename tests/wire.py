"""What a page costs over the wire, recorded from Chromium's DevTools protocol: every HTTP
response's bytes as received (``Network.loadingFinished``'s ``encodedDataLength``: headers and
the compressed body), the bytes after decoding, which came from the cache, and the WebSocket
frames. Used by bench/firstload.py and tests/browser/test_delivery.py.

DevTools gives a WebSocket frame's payload after decompression. Where the handshake agreed on
permessage-deflate (the server's simple-websocket offers it, Chromium asks for it), the bytes
over the wire are computed as the extension makes them: each direction of each socket one
raw-deflate stream, every message flushed and its 4 trailing bytes dropped (RFC 7692), plus the
frame's header (and a client's 4-byte mask)."""
import base64
import zlib
from dataclasses import dataclass, field


@dataclass
class Response:
    url: str
    status: int = 0
    encoding: str = ""
    cache_control: str = ""
    from_cache: bool = False
    transferred: int = 0   # bytes over the wire: headers and body as sent
    decoded: int = 0       # the body's bytes after decompression


@dataclass
class Wire:
    """Attach to a page before it loads; ``responses`` fill in as it loads."""
    responses: dict = field(default_factory=dict)
    socket_bytes: int = 0   # WebSocket frames over the wire, both ways (the join and its state)
    socket_payload: int = 0  # the same frames' payloads, uncompressed
    deflated: set = field(default_factory=set)    # sockets with permessage-deflate
    streams: dict = field(default_factory=dict)   # (socket, direction) -> its deflate stream

    def attach(self, page):
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.requestWillBeSent", self._request)
        session.on("Network.responseReceived", self._response)
        session.on("Network.requestServedFromCache", self._served_from_cache)
        session.on("Network.dataReceived", self._data)
        session.on("Network.loadingFinished", self._finished)
        session.on("Network.webSocketHandshakeResponseReceived", self._handshake)
        session.on("Network.webSocketFrameReceived", lambda event: self._frame(event, False))
        session.on("Network.webSocketFrameSent", lambda event: self._frame(event, True))
        self.session = session
        return self

    def reset(self):
        self.responses = {}
        self.socket_bytes = 0
        self.socket_payload = 0
        self.deflated = set()
        self.streams = {}

    def _entry(self, event) -> Response:
        return self.responses.setdefault(event["requestId"], Response(url=""))

    def _request(self, event):
        self._entry(event).url = event["request"]["url"]

    def _response(self, event):
        entry, response = self._entry(event), event["response"]
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        entry.url = response["url"]
        entry.status = response["status"]
        entry.encoding = headers.get("content-encoding", "")
        entry.cache_control = headers.get("cache-control", "")
        entry.from_cache = entry.from_cache or bool(response.get("fromDiskCache")
                                                    or response.get("fromPrefetchCache"))

    def _served_from_cache(self, event):
        self._entry(event).from_cache = True

    def _data(self, event):
        self._entry(event).decoded += event["dataLength"]

    def _finished(self, event):
        self._entry(event).transferred = int(event["encodedDataLength"])

    def _handshake(self, event):
        headers = {k.lower(): v for k, v in event["response"].get("headers", {}).items()}
        if "permessage-deflate" in headers.get("sec-websocket-extensions", ""):
            self.deflated.add(event["requestId"])

    def _frame(self, event, sent: bool):
        frame = event["response"]
        data = frame["payloadData"]
        payload = base64.b64decode(data) if frame.get("opcode") == 2 else data.encode()
        self.socket_payload += len(payload)
        size = len(payload)
        if event["requestId"] in self.deflated and frame.get("opcode") in (1, 2):
            stream = self.streams.setdefault((event["requestId"], sent),
                                             zlib.compressobj(wbits=-15))
            size = len(stream.compress(payload) + stream.flush(zlib.Z_SYNC_FLUSH)) - 4
        header = 2 if size < 126 else 4 if size < 65536 else 10
        self.socket_bytes += size + header + (4 if sent else 0)

    def http(self) -> list:
        """The HTTP responses (no data: URLs, no WebSocket)."""
        return [r for r in self.responses.values() if r.url.startswith("http")]

    def transferred(self) -> int:
        """Everything received over the wire: HTTP responses and WebSocket frames."""
        return sum(r.transferred for r in self.http()) + self.socket_bytes

    def decoded(self) -> int:
        return sum(r.decoded for r in self.http()) + self.socket_payload
