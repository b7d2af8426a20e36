"""Real Socket.IO clients (tests/peer.py) against real server processes."""
import pytest
from peer import WAIT, Peer


@pytest.fixture
def connect_peer():
    """connect_peer(url, label, wait=WAIT) → a Peer connected to the server at ``url``; every
    one is disconnected at the end of the test, whatever happened."""
    made = []

    def connect(url: str, label: str, wait: float = WAIT) -> Peer:
        peer = Peer(url, label, wait)
        made.append(peer)
        return peer.connect()

    yield connect
    for peer in made:
        peer.disconnect()
