"""What a page costs over the wire, recorded from Chromium's DevTools protocol: every HTTP
response's bytes as received (``Network.loadingFinished``'s ``encodedDataLength``: headers and
the compressed body), the bytes after decoding, which came from the cache, and the WebSocket
frames. Used by bench/firstload.py and tests/browser/test_delivery.py."""
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
    socket_bytes: int = 0   # WebSocket frames, both ways (the join and its state)

    def attach(self, page):
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.requestWillBeSent", self._request)
        session.on("Network.responseReceived", self._response)
        session.on("Network.requestServedFromCache", self._served_from_cache)
        session.on("Network.dataReceived", self._data)
        session.on("Network.loadingFinished", self._finished)
        session.on("Network.webSocketFrameReceived", self._frame)
        session.on("Network.webSocketFrameSent", self._frame)
        self.session = session
        return self

    def reset(self):
        self.responses = {}
        self.socket_bytes = 0

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

    def _frame(self, event):
        self.socket_bytes += len(event["response"]["payloadData"].encode())

    def http(self) -> list:
        """The HTTP responses (no data: URLs, no WebSocket)."""
        return [r for r in self.responses.values() if r.url.startswith("http")]

    def transferred(self) -> int:
        """Everything received over the wire: HTTP responses and WebSocket frames."""
        return sum(r.transferred for r in self.http()) + self.socket_bytes

    def decoded(self) -> int:
        return sum(r.decoded for r in self.http()) + self.socket_bytes
