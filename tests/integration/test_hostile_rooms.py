"""One workshop must not stall the others: a flooding facilitator and a poster queue, against a
real server process (real sockets, real render process). bench/hostile.py measures the same
at full size."""
import threading
import time

from canvas.services import limits

FLOOD = 300      # notes the attacker pipelines (a fifth of the benchmark's 1,000 per socket)
VICTIM_NOTES = 4
WAIT = 20


def test_a_flooding_facilitator_is_limited_and_the_other_workshop_keeps_writing(
        live_server, connect_peer):
    attacker_ws = live_server.create_workshop("Aanvaller")
    victim_ws = live_server.create_workshop("Slachtoffer")
    attacker = connect_peer(live_server.url, "attacker", wait=WAIT)
    attacker.join(attacker_ws["code"], facilitator_key=attacker_ws["facilitator_key"])
    victims = [connect_peer(live_server.url, f"victim{i}", wait=WAIT) for i in range(2)]
    for i, victim in enumerate(victims):
        victim.join(victim_ws["code"], name=f"V{i}")

    answers, done, lock = [], threading.Event(), threading.Lock()

    def record(ack):
        with lock:
            answers.append(ack)
            if len(answers) == FLOOD:
                done.set()

    for k in range(FLOOD):  # pipelined: no waiting for acks
        attacker.sio.emit("note:add", {"id": f"a{k}", "block": "regie", "text": "spam"},
                          callback=record)
    latencies = []
    for k in range(VICTIM_NOTES):
        for i, victim in enumerate(victims):
            start = time.monotonic()
            ack = victim.call("note:add", {"id": f"v{i}-{k}", "block": "regie", "text": "echt"})
            latencies.append(time.monotonic() - start)
            assert ack["ok"], ack
    assert done.wait(60), f"{len(answers)} of {FLOOD} flood notes answered"

    codes = [a.get("code") for a in answers if not a["ok"]]
    stored = sum(1 for a in answers if a["ok"])
    # The flooder is limited: its facilitators' burst, no more; the rest refused as retryable.
    assert stored <= limits.FACILITATOR_NOTE_BURST + 1, stored
    assert set(codes) <= {"too_fast", "busy"} and "too_fast" in codes, set(codes)
    assert "internal" not in codes
    # The victim's notes went through without waiting for the flood (a generous bound: a
    # note acks in tens of ms on an idle machine).
    assert max(latencies) < 3, latencies
    log = live_server.output()
    assert "database is locked" not in log and "Traceback" not in log, log[-2000:]
