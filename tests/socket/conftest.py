"""In-process Socket.IO clients that joined the test's workshop."""
import pytest


@pytest.fixture
def joined(make_socket, workshop):
    """joined(**payload) → (client, ack): a new client that sent "join" for the workshop with
    ``payload``. The ack must be ok, unless ``check=False`` leaves that to the caller."""
    def join(check=True, **payload):
        client = make_socket()
        ack = client.emit("join", {"code": workshop["code"], **payload}, callback=True)
        if check:
            assert ack["ok"], ack
        return client, ack
    return join
