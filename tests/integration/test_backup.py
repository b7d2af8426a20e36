"""``netwerk-canvas backup``, ``restore`` and ``export-all``, run as commands (subprocesses)
against the database of a real server: a backup taken while notes are being posted holds every
note acknowledged before it started; a restore refuses what is not ours and a database in use,
and a server started on the restored database serves its notes; every exported file imports
again through the HTTP import with the same content."""
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing

import requests
from liveserver import ROOT, LiveServer, running_server
from peer import Peer

WAIT = 10.0


def command(database_url: str, *args, cwd=None) -> subprocess.CompletedProcess:
    """``netwerk-canvas ARGS`` as a user runs it, on the database ``database_url``."""
    return subprocess.run([sys.executable, "-m", "canvas", *map(str, args)], cwd=cwd or ROOT,
                          env={**os.environ, "DATABASE_URL": database_url},
                          capture_output=True, text=True, timeout=60)


def note_ids(path) -> set:
    # Closed at once: a connection left open holds the database like a server would (and
    # sqlite3's ``with`` only commits, it does not close).
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        return {row[0] for row in connection.execute("SELECT id FROM notes")}


class Poster(threading.Thread):
    """Someone posting notes one after the other, each after the last one's ack, and again
    after ``retry_after`` when refused for a moment (as the page's outbox does); keeps the ids
    acknowledged as stored, in order."""

    def __init__(self, url: str, code: str, prefix: str, **join_fields):
        super().__init__(daemon=True)
        self.prefix = prefix
        self.peer = Peer(url, prefix, WAIT).connect()
        self.peer.join(code, **join_fields)
        self.acked = []
        self.stop = threading.Event()
        self.failures = []

    def run(self):
        i = 0
        while not self.stop.is_set():
            note_id = f"{self.prefix}-{i}"
            ack = self.peer.call("note:add", {"id": note_id, "block": "regie",
                                              "text": f"Samen optrekken {i}"})
            if ack.get("ok"):
                self.acked.append(note_id)
                i += 1
            elif ack.get("code") in ("busy", "too_fast"):
                self.stop.wait(ack.get("retry_after", 0.2))
            else:
                self.failures.append(ack)
                return

    def finish(self):
        self.stop.set()
        self.join(WAIT)
        self.peer.disconnect()


def test_backup_while_notes_are_posted_then_restore_into_the_stopped_server(tmp_path):
    database = tmp_path / "live.db"
    url = f"sqlite:///{database}"
    copy = tmp_path / "backups" / "canvas-backup.db"
    copy.parent.mkdir()
    server = LiveServer(url).start()
    posters = []
    try:
        created = server.create_workshop()
        code = created["code"]
        posters = [Poster(server.url, code, "f", facilitator_key=created["facilitator_key"])]
        posters += [Poster(server.url, code, f"p{i}", name=f"P{i}") for i in range(3)]
        for poster in posters:
            poster.start()

        def acked():
            return {note_id for poster in posters for note_id in poster.acked}

        deadline = time.monotonic() + WAIT
        while len(acked()) < 100 and time.monotonic() < deadline:
            time.sleep(0.05)
        acked_before = acked()
        done = command(url, "backup", copy)
        acked_during = len(acked()) - len(acked_before)
        assert done.returncode == 0, done.stderr
        assert "Integrity check: ok" in done.stdout and "1 workshop(s)" in done.stdout
        # Writes went on while the backup ran, and it holds all acknowledged before it began.
        assert acked_during > 0
        assert not [p.failures for p in posters if p.failures]
        in_copy = note_ids(copy)
        assert acked_before <= in_copy, sorted(acked_before - in_copy)[:5]
        with closing(sqlite3.connect(copy)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert not list(copy.parent.glob(".*partial*"))  # no temporary file left behind

        # A second backup to the same name is refused unless --force.
        again = command(url, "backup", copy)
        assert again.returncode == 1 and "--force" in again.stderr
        assert command(url, "backup", copy, "--force").returncode == 0
        in_copy = note_ids(copy)

        # The server runs: restore refuses to pull its database away from under it.
        refused = command(url, "restore", copy)
        assert refused.returncode == 1
        assert "stop the server first" in refused.stderr, refused.stderr
        time.sleep(1)  # a few notes more, which the backup must not hold
        for poster in posters:
            poster.finish()
        posted_all = note_ids(database)
        assert posted_all > in_copy  # notes came after the backup
    finally:
        for poster in posters:
            poster.finish()
        server.stop()

    restored = command(url, "restore", copy)
    assert restored.returncode == 0, restored.stderr
    kept = list(tmp_path.glob("live.db.before-restore-*"))
    assert len(kept) == 1 and note_ids(kept[0]) == posted_all
    assert note_ids(database) == in_copy
    with running_server(url) as server:
        state = requests.get(f"{server.url}/api/workshops/{code}", timeout=5).json()
        assert {note["id"] for note in state["notes"]} == in_copy


def test_restore_refuses_what_is_not_a_netwerk_canvas_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    assert command(url, "migrate").returncode == 0
    before = (tmp_path / "live.db").read_bytes()
    text = tmp_path / "notes.txt"
    text.write_text("Dit is geen database\n" * 100)
    foreign = tmp_path / "foreign.db"
    with closing(sqlite3.connect(foreign)) as connection:
        connection.execute("CREATE TABLE notes (id TEXT, text TEXT)")
        connection.commit()
    for file, says in ((text, "is not a SQLite database"),
                       (foreign, "not one of Netwerk Canvas (no table workshops"),
                       (tmp_path / "missing.db", "There is no file")):
        refused = command(url, "restore", file)
        assert refused.returncode == 1 and says in refused.stderr, refused.stderr
        assert "Traceback" not in refused.stderr
    # A database of a schema version this program does not know (a newer one) is refused too.
    newer = tmp_path / "newer.db"
    assert command(f"sqlite:///{newer}", "migrate").returncode == 0
    with closing(sqlite3.connect(newer)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.commit()
    refused = command(url, "restore", newer)
    assert refused.returncode == 1 and "schema version 9999" in refused.stderr
    # Nothing was touched, nothing set aside.
    assert (tmp_path / "live.db").read_bytes() == before
    assert not list(tmp_path.glob("live.db.before-restore-*"))


def test_backup_and_restore_of_postgresql_name_pg_dump_and_pg_restore(tmp_path):
    url = "postgresql://canvas:geheim@db.example.org:5432/netwerk_canvas"
    for verb in ("backup", "restore"):
        done = command(url, verb, tmp_path / "canvas.dump")
        assert done.returncode == 1
        assert "pg_dump --format=custom" in done.stderr and "pg_restore" in done.stderr
        assert "postgresql://canvas@db.example.org:5432/netwerk_canvas" in done.stderr
        assert "geheim" not in done.stderr  # the password is never printed
    assert not (tmp_path / "canvas.dump").exists()


def test_export_all_files_import_again_with_the_same_content(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    folder = tmp_path / "move"
    with running_server(url) as server:
        created = [server.create_workshop("Zorgnetwerk Oost"),
                   server.create_workshop("Jeugd & Gezin", language="en")]
        for n, workshop in enumerate(created):
            peer = Peer(server.url, f"f{n}", WAIT).connect()
            try:
                peer.join(workshop["code"], facilitator_key=workshop["facilitator_key"])
                for i in range(3 + n):
                    assert peer.call("note:add", {"id": f"w{n}-{i}", "block": "identiteit",
                                                  "text": f"Ëén wijk {i} <b>"})["ok"]
                assert peer.call("note:add", {"id": f"w{n}-card", "block": "coalities",
                                              "text": "Wijkteam", "coalition": {
                                                  "werkvorm": "alliantie", "ambitie": "Samen"}}
                                 )["ok"]
                # A hidden note is no part of any export, this one neither.
                assert peer.call("note:hide", {"id": f"w{n}-0", "hidden": True})["ok"]
            finally:
                peer.disconnect()

        done = command(url, "export-all", folder)
        assert done.returncode == 0, done.stderr
        assert "Exported 2 workshop(s)" in done.stdout and "2 note(s) hidden" in done.stdout
        index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        assert [w["code"] for w in index["workshops"]] == [w["code"] for w in created]
        assert [w["notes_left_out"] for w in index["workshops"]] == [1, 1]
        everything = "".join(p.read_text(encoding="utf-8") for p in folder.iterdir())
        for workshop in created:  # no key, no hash of one, no participant id or token
            assert workshop["facilitator_key"] not in everything
        assert "participant_id" not in everything and "token" not in everything
        assert "w0-0" not in everything and "w1-0" not in everything

        for entry in index["workshops"]:
            exported = json.loads((folder / entry["file"]).read_text(encoding="utf-8"))
            page = requests.get(f"{server.url}/api/workshops/{entry['code']}/snapshots/current/"
                                "export.json", timeout=5).json()
            # The same export the page gives (but for the moment it was taken).
            assert {**exported, "snapshot": None} == {**page, "snapshot": None}
            response = requests.post(f"{server.url}/api/workshops/import", json=exported,
                                     timeout=10)
            assert response.status_code == 201, response.text
            again = requests.get(f"{server.url}/api/workshops/{response.json()['code']}/"
                                 "snapshots/current/export.json", timeout=5).json()
            assert content(again) == content(exported)
            assert len(exported["notes"]) == entry["notes"]

    # Into a folder that holds files only with --force.
    refused = command(url, "export-all", folder)
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert command(url, "export-all", folder, "--force").returncode == 0


def content(export: dict) -> tuple:
    """What an import must keep: the title, the language and every note's content."""
    fields = ("block", "subarea", "text", "color", "author", "votes", "coalition", "agreement")
    notes = sorted(json.dumps({k: note.get(k) for k in fields}, sort_keys=True)
                   for note in export["notes"])
    return export["workshop"], notes
