"""How ``netwerk-canvas serve`` starts and stops: the listening socket, bound before anything
says the server runs, and the gevent worker's quick stop."""
import errno
import socket

import click

from canvas.config import SETTINGS_BY_NAME

DEFAULT_PORT = int(SETTINGS_BY_NAME["PORT"].default)
# Connections waiting to be accepted (gunicorn's default backlog).
LISTEN_BACKLOG = 2048


class PortUnusable(click.ClickException):
    """The address and port cannot be listened on; the message says why and what to do."""


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port`` and listening, for gunicorn to take over, so a port
    that cannot be used is found before anything says the server runs (no second attempt
    between this check and the server's start). Raises ``PortUnusable``."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except socket.gaierror:
        raise PortUnusable(f"--host {host} is no address of this computer: use 0.0.0.0 (every "
                           "network) or 127.0.0.1 (this computer only).") from None
    listener = socket.socket(family, kind, proto)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(address)
        listener.listen(LISTEN_BACKLOG)
    except OSError as error:
        listener.close()
        other = 5001 if port == DEFAULT_PORT else DEFAULT_PORT
        if error.errno == errno.EADDRINUSE:
            message = (f"Port {port} is already in use (by another Netwerk Canvas server or "
                       "another program). Stop that server, or start on another port: "
                       f"netwerk-canvas serve --port {other}")
        elif error.errno == errno.EACCES:
            message = (f"Port {port} needs administrator rights on this computer (ports below "
                       "1024 do). Start on a port from 1024 up: netwerk-canvas serve --port "
                       f"{DEFAULT_PORT}, or put a web server in front (docs/deploy.md).")
        elif error.errno == errno.EADDRNOTAVAIL:
            message = (f"--host {host} is no address of this computer: use 0.0.0.0 (every "
                       "network) or 127.0.0.1 (this computer only).")
        else:
            message = f"Cannot listen on {host} port {port}: {error.strerror}."
        raise PortUnusable(message) from None
    return listener


def quickly_stopping(base):
    """Gunicorn's gevent worker that stops in about a second on SIGTERM and on Ctrl+C (SIGINT,
    and the SIGQUIT its master sends on it), with pages open: it closes every Socket.IO
    connection and every idle HTTP connection instead of waiting for them through the grace
    period, at whose end the master would kill it."""
    class QuicklyStopping(base):
        # Every open connection and whether a request is being answered on it. An idle
        # keep-alive connection (a browser keeps several after loading a page) would hold the
        # stopping worker until its 10 s head timeout, past the grace period.
        connections: dict = None

        def handle(self, listener, client, addr):
            if self.connections is None:
                self.connections = {}
            self.connections[client] = False
            try:
                super().handle(listener, client, addr)
            finally:
                self.connections.pop(client, None)

        def handle_request(self, listener_name, req, sock, addr):
            if self.connections is not None and sock in self.connections:
                self.connections[sock] = True
            try:
                return super().handle_request(listener_name, req, sock, addr)
            finally:
                if self.connections is not None and sock in self.connections:
                    self.connections[sock] = False

        def close_idle_connections(self):
            """End the connections that wait for a next request: reading then ends at once
            (end of stream), and the connection closes as after its last request."""
            for client, busy in list((self.connections or {}).items()):
                if not busy:
                    # On the OS socket: gevent's own shutdown() would wake the reader with
                    # an error ("closed in another greenlet") instead of the end of stream.
                    try:
                        getattr(client, "_sock", client).shutdown(socket.SHUT_RD)
                    except OSError:
                        pass

        def run(self):
            super().run()
            if self.connections:
                import gevent
                # Connections still open as the worker leaves: end them here, where their
                # reads see the end of the stream, rather than at the exit, where they would
                # find their sockets closed under them and log it as an error.
                self.close_idle_connections()
                gevent.sleep(0.05)

        def handle_exit(self, sig, frame):
            super().handle_exit(sig, frame)
            import gevent
            # Out of the signal handler: closing sockets may switch greenlets.
            gevent.spawn(self.stop_connections)

        def handle_quit(self, sig, frame):
            # Gunicorn's own leaves by sys.exit in a greenlet, which gevent reports with a
            # traceback when it lands in its own shutdown.
            self.handle_exit(sig, frame)

        def stop_connections(self):
            """Until the worker has gone: close every Socket.IO connection and every idle
            HTTP connection. Again and again, since until the worker stops accepting (its
            loop looks once a second) a page may reconnect, and a long-poll waits 25 s."""
            import gevent

            from canvas import stop_serving

            while True:
                stop_serving(self.wsgi)
                self.close_idle_connections()
                gevent.sleep(0.1)

    return QuicklyStopping
