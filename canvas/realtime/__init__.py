"""Real-time delivery: the one place that emits Socket.IO events to rooms."""
