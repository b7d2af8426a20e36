"""Realistic Dutch notes for tests and benchmarks of a full board (30, 150, 300 notes).

The texts in fixtures/seed-notes.json are sentences from the Dutch publications the product is
built on (the Netwerk Canvas, the Netwerkmozaïek, the handreikingen over netwerkvormen and
sleutelpersonen), sorted by keyword into the areas of the sheet; the coalition cards are written
in the same words. ``notes(n)`` spreads n notes over the five blocks and their sub-areas, about
as a real workshop does: one or two sentences each, 10 to 15 coalition cards among them, in an
order that mixes the blocks (as they arrive in a room).

``fill(url, code, notes)`` posts them over Socket.IO as several participants (a participant may
post 20 notes at once: canvas/services/limits.py), and returns the stored notes' ids.
"""
import json
from pathlib import Path

import socketio

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "seed-notes.json"
NAMES = ["Fatima", "Youssef", "Anouk", "Bram", "Sanne", "Mehmet", "Lotte", "Daan", "Priya",
         "Joost", "Eva", "Karim", "Ilse", "Ruben", "Noor", "Wim", "Esra", "Thijs", "Marloes",
         "Said", "Femke", "Jeroen", "Aylin", "Koen"]
PER_WRITER = 15  # below the burst of 20 notes a participant may post at once

# How a workshop's notes spread over the areas (weights), besides the cards.
SPREAD = [
    ("identiteit", "passie", 7), ("identiteit", "ambitie", 9), ("identiteit", "positie", 6),
    ("identiteit", "stijl", 5), ("identiteit", "", 4), ("spelregels", "", 18), ("regie", "", 16),
    ("organisatie", "wie", 10), ("organisatie", "inrichting", 7), ("organisatie", "middelen", 6),
    ("organisatie", "plek", 4), ("organisatie", "", 4),
]


def _data():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def cards_for(n):
    """How many coalition cards a workshop of n notes has: 10 (30 notes) to 15 (300)."""
    return min(15, 10 + n // 50)


def notes(n, cards=None):
    """n notes (dicts with block, subarea, text and, for cards, coalition), blocks mixed."""
    data = _data()
    cards = cards_for(n) if cards is None else cards
    rest = n - cards
    total = sum(w for _, _, w in SPREAD)
    counts = [int(rest * w / total) for _, _, w in SPREAD]
    for i in range(rest - sum(counts)):
        counts[i % len(counts)] += 1
    per_area = []
    for (block, sub, _), count in zip(SPREAD, counts):
        pool = data["areas"][f"{block}:{sub}" if block in ("identiteit", "organisatie") else block]
        made = []
        for i in range(count):
            text = pool[i % len(pool)]
            # Every third note is two sentences, like someone who explains a little more.
            if i % 3 == 2:
                other = pool[(i * 7 + 3) % len(pool)]
                if other != text and len(text) + len(other) < 240:
                    text = f"{text} {other}"
            made.append({"block": block, "subarea": sub or None, "text": text})
        per_area.append(made)
    card_notes = [{"block": "coalities", "text": c["text"],
                   "coalition": {k: c[k] for k in ("werkvorm", "ambitie", "kernpartners",
                                                   "doelgroep")}}
                  for c in data["cards"][:cards]]
    per_area.append(card_notes)
    # Round robin over the areas, so that every block fills as the workshop goes on.
    mixed = []
    while any(per_area):
        for made in per_area:
            if made:
                mixed.append(made.pop(0))
    return mixed


def fill(url, code, items, prefix=None):
    """Post `items` (from notes()) to workshop `code` as participants; returns their ids (note
    ids are unique on a server: they begin with `prefix`, by default the code)."""
    prefix = prefix or f"n{code.lower()}"
    ids = []
    clients = []
    try:
        for start in range(0, len(items), PER_WRITER):
            client = socketio.SimpleClient()
            client.connect(url, transports=["websocket"])
            clients.append(client)
            name = NAMES[(start // PER_WRITER) % len(NAMES)]
            ack = client.call("join", {"code": code, "name": name})
            assert ack["ok"], ack
            for i, item in enumerate(items[start:start + PER_WRITER], start):
                note_id = f"{prefix}-{i:03d}"
                ack = client.call("note:add", {"id": note_id, **item}, timeout=30)
                assert ack["ok"], ack
                ids.append(note_id)
    finally:
        for client in clients:
            client.disconnect()
    return ids
