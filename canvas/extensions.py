"""Extensions created without an app and bound to one in ``create_app``."""
from flask_socketio import SocketIO

# Threading mode, set explicitly: left out, Flask-SocketIO picks eventlet or gevent when either
# happens to be installed. Under gunicorn's threaded worker it serves WebSocket and polling.
socketio = SocketIO(async_mode="threading")
