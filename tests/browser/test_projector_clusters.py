"""Clusters on the projector, in real Chromium: stacks packed with the notes on a full board
(150 and 300 notes, about 60 % of them in 12-20 clusters) at 1920x1080 and 1280x720, every stack
inside its area, overlapping nothing, its title whole and legible; a cluster in the spotlight
with all its notes; the ranked results of a vote, live, and back to the canvas."""
import math
import sys
from pathlib import Path

import pytest
import requests
import socketio
from conftest import WAIT_MS, call

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import seednotes  # noqa: E402
from liveserver import running_server  # noqa: E402

PAGE_MS = 400  # a page every 0.4 s here (?page_ms=), so that a round is short
SIZES = [(1920, 1080), (1280, 720)]
TITLES = ["Samen verantwoordelijk", "Gedeelde agenda", "Vertrouwen en open gesprek",
          "Wie doet wat", "Ruimte voor de professional", "Bewoners aan tafel",
          "Geld en middelen", "Een vaste plek", "Leren van elkaar", "Heldere afspraken",
          "Regie bij de wijk", "Kleine stappen", "Eigenaarschap", "Netwerk zichtbaar maken",
          "Tijd en aandacht", "Eén dossier", "De juiste mensen", "Elkaar kennen",
          "Besluiten nemen", "Samen evalueren"]


def make_clusters(url, code, facilitator_key, ids, items, clusters, share=0.6):
    """Group about `share` of the notes (never the cards) into `clusters` clusters, each within
    one area, in proportion to the areas' notes; every sixth without a title (its first note
    stands for it). Returns [{"id", "note_ids", "title"}]."""
    by_area = {}
    for note_id, item in zip(ids, items):
        if item["block"] != "coalities":
            by_area.setdefault((item["block"], item.get("subarea")), []).append(note_id)
    total = sum(len(v) for v in by_area.values())
    size = max(2, round(len(ids) * share / clusters))
    areas = sorted(by_area.items(), key=lambda kv: -len(kv[1]))
    plan = []  # (area notes, how many clusters there)
    left = clusters
    for i, (_, notes) in enumerate(areas):
        want = max(0, min(left, round(clusters * len(notes) / total), len(notes) // size))
        if i == len(areas) - 1:
            want = min(left, len(notes) // 2)
        plan.append([notes, want])
        left -= want
    # What is left goes to the areas that have room for another cluster.
    for entry in plan:
        while left and len(entry[0]) >= (entry[1] + 1) * 2:
            entry[1] += 1
            left -= 1
    made = []
    client = socketio.SimpleClient()
    client.connect(url, transports=["websocket"])
    try:
        assert client.call("join", {"code": code, "facilitator_key": facilitator_key})["ok"]
        for notes, count in plan:
            per = min(size, len(notes) // max(1, count)) if count else 0
            for k in range(count):
                members = notes[k * per:(k + 1) * per]
                if len(members) < 2:
                    continue
                n = len(made)
                cluster = {"id": f"c-{code.lower()}-{n}", "note_ids": members,
                           "title": "" if n % 6 == 5 else TITLES[n % len(TITLES)]}
                ack = client.call("cluster:create", cluster, timeout=30)
                assert ack["ok"], ack
                made.append(cluster)
    finally:
        client.disconnect()
    return made


# Collected in the page at every frame: the stacks and the notes shown whole and legible, and
# every stack that was out of its area, overlapped something, was cut off or too small.
WATCH = """(legible) => {
  window.__seen = new Set();
  window.__problems = [];
  window.__shown = {};
  window.__why = {};
  const flat = (el) => {
    // Notes are tilted a little: the box as laid out, turned back.
    const r = el.getBoundingClientRect();
    const cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2;
    return { left: cx - el.offsetWidth / 2, right: cx + el.offsetWidth / 2,
             top: cy - el.offsetHeight / 2, bottom: cy + el.offsetHeight / 2 };
  };
  const clipped = (el, fs) => el.scrollHeight > el.clientHeight + Math.max(1, fs * 0.15)
    || el.scrollWidth > el.clientWidth + 1;
  // A page is checked and packed again in the frame after it is drawn (arrange.js): what is
  // wrong for three frames in a row is a problem, not one frame before that correction.
  let streak = new Map();
  let now = new Map();
  const problem = (what, el, extra) => {
    const key = `${what}|${el.dataset.cluster || el.dataset.id}`;
    const n = (streak.get(key) || 0) + 1;
    now.set(key, n);
    if (n === 3 && window.__problems.length < 40) window.__problems.push({ what, id: el.dataset.cluster || el.dataset.id, ...extra });
  };
  const look = () => {
    streak = now;
    now = new Map();
    for (const area of document.querySelectorAll('#sheet .area')) {
      if (!area.offsetHeight) continue;
      const box = area.querySelector('.area__box').getBoundingClientRect();
      const items = [...area.querySelectorAll('.area__col > *')];
      const rects = items.map(flat);
      items.forEach((el, i) => {
        const r = rects[i];
        if (r.top < box.top - 1 || r.bottom > box.bottom + 1 || r.left < box.left - 1
            || r.right > box.right + 1 || r.bottom > window.innerHeight) {
          problem('outside', el, { r, box: { top: box.top, bottom: box.bottom, left: box.left, right: box.right } });
          return;
        }
        for (let j = i + 1; j < items.length; j += 1) {
          const o = rects[j];
          if (Math.min(r.right, o.right) - Math.max(r.left, o.left) > 1
              && Math.min(r.bottom, o.bottom) - Math.max(r.top, o.top) > 1) problem('overlap', el, { other: items[j].dataset.id || items[j].dataset.cluster });
        }
        if (!el.dataset.cluster) {
          const fs = parseFloat(getComputedStyle(el).fontSize);
          if (fs >= legible && !clipped(el, fs)) window.__seen.add(el.dataset.id);
          else window.__why[el.dataset.id] = { fs, area: area.dataset.area, h: el.scrollHeight, ch: el.clientHeight };
          return;
        }
        const title = el.querySelector('.cluster__title');
        const fs = parseFloat(getComputedStyle(title).fontSize);
        const notes = [...el.querySelectorAll('.cluster__notes > .note')].filter((n) => n.offsetHeight);
        const body = el.querySelector('.cluster__notes');
        const nfs = notes.length ? Math.min(...notes.map((n) => parseFloat(getComputedStyle(n).fontSize))) : fs;
        if (fs < legible || nfs < legible) { problem('small', el, { fs, nfs }); return; }
        if (clipped(title, fs) || clipped(el, fs) || notes.some((n) => clipped(n, nfs))) { problem('clipped', el, {}); return; }
        // The notes of a stack are inside it, one below or beside the other.
        const er = el.getBoundingClientRect();
        for (const n of notes) {
          const nr = n.getBoundingClientRect();
          if (nr.bottom > er.bottom + 1 || nr.top < er.top - 1) problem('note outside stack', el, {});
        }
        const more = el.querySelector('.cluster__more');
        const rest = more && more.offsetHeight ? Number(more.textContent.replace(/\\D+/g, '')) : 0;
        // (Shown with no notes: the count in its head says how many.)
        if (notes.length && notes.length + rest !== Number(el.dataset.count)) problem('count', el, { notes: notes.length, rest, count: el.dataset.count });
        window.__seen.add(`cluster:${el.dataset.cluster}`);
        window.__shown[el.dataset.cluster] = Math.max(window.__shown[el.dataset.cluster] || 0, notes.length);
        if (body && body.offsetHeight && clipped(body, nfs)) problem('clipped notes', el, {});
      });
    }
    window.__watching = requestAnimationFrame(look);
  };
  look();
}"""


@pytest.fixture(scope="module")
def cluster_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clusters")
    with running_server(f"sqlite:///{folder / 'live.db'}") as server:
        yield server


@pytest.fixture(scope="module")
def boards(cluster_server):
    """boards(n, k) → (workshop, ids, items, clusters): n realistic notes, about 60 % of them in
    k clusters (made once per n, k)."""
    made = {}

    def board(n, k):
        if (n, k) not in made:
            workshop = cluster_server.create_workshop(title="Zorgnetwerk Oost · clusters")
            items = seednotes.notes(n)
            ids = seednotes.fill(cluster_server.url, workshop["code"], items)
            clusters = make_clusters(cluster_server.url, workshop["code"],
                                     workshop["facilitator_key"], ids, items, k)
            made[(n, k)] = (workshop, ids, items, clusters)
        return made[(n, k)]
    return board


@pytest.fixture
def clients(cluster_server):
    """connect(code, **join payload) → a joined client of the module's server (closed after)."""
    opened = []

    def connect(code, **payload):
        client = socketio.SimpleClient()
        client.connect(cluster_server.url, transports=["websocket"])
        opened.append(client)
        assert client.call("join", {"code": code, **payload})["ok"]
        return client

    yield connect
    for client in opened:
        client.disconnect()


def open_board(open_page, server, code, size, **query):
    width, height = size
    params = "&".join(f"{k}={v}" for k, v in {"page_ms": PAGE_MS, **query}.items())
    page = open_page(f"{server.url}/p/{code}?{params}", viewport={"width": width, "height": height})
    page.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    page.wait_for_function("() => document.querySelectorAll('#sheet .area__col > .cluster').length"
                           " > 0 && Number(document.querySelector('#sheet').dataset.cycle) > 0",
                           timeout=30000)
    return page


def legible(height):
    return math.ceil(height * 0.022)


@pytest.mark.parametrize("size", SIZES, ids=["1920x1080", "1280x720"])
@pytest.mark.parametrize("count,k", [(150, 12), (300, 20)])
def test_stacks_are_whole_legible_inside_their_area_and_overlap_nothing(
        open_page, cluster_server, boards, count, k, size):
    workshop, ids, _, clusters = boards(count, k)
    clustered = {i for c in clusters for i in c["note_ids"]}
    assert len(clusters) >= k - 1 and 0.5 <= len(clustered) / count <= 0.7, \
        (len(clusters), len(clustered))
    page = open_board(open_page, cluster_server, workshop["code"], size)
    page.evaluate(WATCH, legible(size[1]))
    cycle = int(page.evaluate("() => Number(document.querySelector('#sheet').dataset.cycle)"))
    wanted = {f"cluster:{c['id']}" for c in clusters} | (set(ids) - clustered)
    try:
        page.wait_for_function(f"() => window.__seen.size >= {len(wanted)}",
                               timeout=cycle * 3 + 8000)
    except Exception:
        pass
    page.evaluate("() => cancelAnimationFrame(window.__watching)")
    seen = set(page.evaluate("() => [...window.__seen]"))
    problems = page.evaluate("() => window.__problems")
    assert problems == [], problems[:5]
    missing = sorted(wanted - seen)
    # Every stack and every note in no cluster was on the screen, whole and legible, in a round.
    why = page.evaluate("() => window.__why")
    assert not missing, (f"{len(missing)} of {len(wanted)} never shown whole: {missing[:8]}",
                         {i: why.get(i) for i in missing[:8]})
    # Stacks show their first notes where they fit (in a small area: the title and the count).
    shown = page.evaluate("() => window.__shown")
    assert max(shown.values()) >= 1, shown
    # The block counts count notes, not stacks.
    counts = page.evaluate("() => Object.fromEntries([...document.querySelectorAll('#sheet "
                           "[data-block]')].map(b => [b.dataset.block, "
                           "b.querySelector('.block__count').textContent]))")
    state = requests.get(f"{cluster_server.url}/api/workshops/{workshop['code']}", timeout=5).json()
    regie = sum(1 for n in state["notes"] if n["block"] == "regie")
    assert counts["regie"].startswith(f"{regie} "), counts
    assert page.errors == []


def test_a_cluster_in_the_spotlight_shows_all_its_notes_large(open_page, cluster_server, boards,
                                                              clients):
    workshop, ids, items, clusters = boards(150, 12)
    code = workshop["code"]
    facilitator = clients(code, facilitator_key=workshop["facilitator_key"])
    biggest = max(clusters, key=lambda c: len(c["note_ids"]))
    page = open_board(open_page, cluster_server, code, (1280, 720))
    call(facilitator, "workshop:update", {"spotlight": {"cluster": biggest["id"]}})
    page.wait_for_selector(f".spot:not([hidden])[data-cluster='{biggest['id']}']", timeout=WAIT_MS)
    seen = page.evaluate("""() => {
      const stage = document.querySelector('.spot__stage');
      const s = stage.getBoundingClientRect();
      const notes = [...stage.querySelectorAll('.spot__members > .note')];
      return { ids: notes.map((n) => n.dataset.id),
               title: stage.querySelector('.spot__title').firstChild.textContent,
               fs: Math.min(...notes.map((n) => parseFloat(getComputedStyle(n).fontSize))),
               whole: notes.every((n) => { const r = n.getBoundingClientRect();
                 return r.top >= s.top - 1 && r.bottom <= s.bottom + 1 && n.scrollHeight <= n.clientHeight + 1; })
                 && stage.scrollHeight <= stage.clientHeight + 1 };
    }""")
    assert seen["ids"] == biggest["note_ids"], seen
    assert seen["title"] == biggest["title"] and seen["whole"], seen
    assert seen["fs"] >= legible(720), seen

    # A cluster without a title: its first note's text stands for it.
    untitled = next(c for c in clusters if not c["title"])
    call(facilitator, "workshop:update", {"spotlight": {"cluster": untitled["id"]}})
    page.wait_for_selector(f".spot:not([hidden])[data-cluster='{untitled['id']}']",
                           timeout=WAIT_MS)
    first = items[ids.index(untitled["note_ids"][0])]["text"]
    assert page.locator(".spot__title").inner_text().replace("\xad", "").startswith(first[:30])

    # Live: a note added to the cluster appears in the spotlight.
    writer = clients(code, name="Laat")
    block = items[ids.index(untitled["note_ids"][0])]
    call(writer, "note:add", {"id": f"late-{code}", "block": block["block"],
                              "subarea": block.get("subarea"), "text": "Nog eentje erbij."})
    call(facilitator, "cluster:update", {"id": untitled["id"], "add": [f"late-{code}"]})
    page.wait_for_selector(f".spot__members > .note[data-id='late-{code}']", timeout=WAIT_MS)

    call(facilitator, "workshop:update", {"spotlight": None})
    page.wait_for_selector(".spot", state="hidden", timeout=WAIT_MS)
    # A click on a stack shows it large on this screen only.
    page.locator("#sheet .area__col > .cluster .cluster__head").first.click()
    page.wait_for_selector(".spot.is-local:not([hidden])[data-cluster]", timeout=WAIT_MS)
    page.keyboard.press("Escape")
    page.wait_for_selector(".spot", state="hidden", timeout=WAIT_MS)
    call(facilitator, "cluster:update", {"id": untitled["id"], "note_ids": untitled["note_ids"]})
    call(facilitator, "note:delete", {"id": f"late-{code}"})
    assert page.errors == []


ROWS = """() => [...document.querySelectorAll('.results__row')].map((row) => ({
  id: row.dataset.id, kind: row.dataset.kind, block: row.dataset.block,
  score: Number(row.querySelector('.results__votes').textContent),
  text: row.querySelector('.results__text').textContent,
  bar: row.querySelector('.results__bar').getBoundingClientRect().width,
  lane: row.querySelector('.results__lane').getBoundingClientRect().width,
  fs: parseFloat(getComputedStyle(row).fontSize),
  bottom: row.getBoundingClientRect().bottom,
}))"""


def expected_ranking(url, code, block=None):
    """The ranking from the server's state: clusters by their votes and their notes' votes,
    notes in no cluster (cards too) by their votes; ties: the oldest first."""
    state = requests.get(f"{url}/api/workshops/{code}", timeout=5).json()
    notes = {n["id"]: n for n in state["notes"]}
    items = []
    for c in state["clusters"]:
        if block and c["block"] != block:
            continue
        score = c["votes"] + sum(notes[i]["votes"] for i in c["note_ids"] if i in notes)
        items.append((score, c["created_at"], c["id"]))
    for n in state["notes"]:
        if n["cluster_id"] or (block and n["block"] != block):
            continue
        items.append((n["votes"], n["created_at"], n["id"]))
    items = [i for i in items if i[0] > 0]
    items.sort(key=lambda i: (-i[0], i[1], i[2]))
    return [(i[2], i[0]) for i in items]


def test_the_results_rank_clusters_and_notes_with_bars_live_and_give_back_the_canvas(
        open_page, cluster_server, clients):
    workshop = cluster_server.create_workshop(title="Zorgnetwerk Oost · stemmen")
    code = workshop["code"]
    items = seednotes.notes(60)
    ids = seednotes.fill(cluster_server.url, code, items)
    clusters = make_clusters(cluster_server.url, code, workshop["facilitator_key"], ids, items, 6)
    clustered = {i for c in clusters for i in c["note_ids"]}
    loose = [i for i in ids if i not in clustered]
    card = next(i for i, item in zip(ids, items) if item["block"] == "coalities")
    facilitator = clients(code, facilitator_key=workshop["facilitator_key"])
    call(facilitator, "workshop:update", {"votes_per_participant": 5})
    # Votes of eight participants: clusters, their notes, notes in no cluster, a card.
    plan = [("cluster:vote", clusters[0]["id"])] * 9 + [("cluster:vote", clusters[1]["id"])] * 4 \
        + [("note:vote", clusters[1]["note_ids"][0])] * 2 + [("note:vote", loose[0])] * 7 \
        + [("note:vote", card)] * 5 + [("note:vote", loose[1])] * 3 + [("cluster:vote", clusters[2]["id"])] * 1 \
        + [("note:vote", loose[2])] * 1 + [("note:vote", loose[3])] * 2 + [("note:vote", loose[4])] * 2 \
        + [("cluster:vote", clusters[3]["id"])] * 2 + [("note:vote", loose[5])] * 1
    voters = [clients(code, name=f"Stemmer {i}") for i in range(8)]
    for i, (event, target) in enumerate(plan):
        call(voters[i // 5], event, {"id": target})
    expected = expected_ranking(cluster_server.url, code)
    assert expected[0] == (clusters[0]["id"], 9) and len(expected) >= 11

    page = open_page(f"{cluster_server.url}/p/{code}", viewport={"width": 1280, "height": 720})
    page.wait_for_selector("#sheet .area__col > .cluster", timeout=30000)
    call(facilitator, "workshop:update", {"results": {"block": None}})
    page.wait_for_selector(".results:not([hidden]) .results__row", timeout=WAIT_MS)
    rows = page.evaluate(ROWS)
    shown = int(page.get_attribute(".results", "data-shown"))
    assert 5 <= shown <= 10 and len(rows) == shown, rows
    assert page.inner_text(".results__top") == f"Top {shown}"
    assert [(r["id"], r["score"]) for r in rows] == expected[:shown]
    kinds = {r["kind"] for r in rows}
    assert kinds == {"cluster", "note"} and any(r["id"] == card for r in rows)
    # Readable from the back of the room, nothing below the screen's edge.
    assert min(r["fs"] for r in rows) >= math.ceil(720 * 0.03), rows
    assert max(r["bottom"] for r in rows) <= 720
    # Bars in proportion to the top score.
    top = rows[0]
    for r in rows:
        assert abs(r["bar"] / r["lane"] - r["score"] / top["score"]) < 0.02, (r, top)
    assert page.is_visible(".results") and page.evaluate(
        "() => document.elementFromPoint(640, 400).closest('.results') !== null")

    # Live: a new vote moves its bar and the ranking.
    fifth = rows[4]
    voter = clients(code, name="Laatste stemmer")
    kind = "cluster:vote" if fifth["kind"] == "cluster" else "note:vote"
    for _ in range(3):
        call(voter, kind, {"id": fifth["id"]})
    page.wait_for_function(f"() => {{ const r = document.querySelector(\".results__row[data-id='{fifth['id']}']\");"
                           f" return r && Number(r.querySelector('.results__votes').textContent) === {fifth['score'] + 3}; }}",
                           timeout=WAIT_MS)
    page.wait_for_timeout(600)  # the bar's transition (0.4 s)
    rows = page.evaluate(ROWS)
    assert [(r["id"], r["score"]) for r in rows] == expected_ranking(cluster_server.url, code)[:len(rows)]
    moved = next(r for r in rows if r["id"] == fifth["id"])
    assert abs(moved["bar"] / moved["lane"] - moved["score"] / rows[0]["score"]) < 0.02

    # One block: only its clusters and notes.
    block = next(c["block"] for c in requests.get(f"{cluster_server.url}/api/workshops/{code}",
                                                  timeout=5).json()["clusters"]
                 if c["id"] == clusters[0]["id"])
    call(facilitator, "workshop:update", {"results": {"block": block}})
    page.wait_for_selector(f".results[data-block={block}]", timeout=WAIT_MS)
    page.wait_for_function(f"() => [...document.querySelectorAll('.results__row')].every(r => r.dataset.block === '{block}')",
                           timeout=WAIT_MS)
    rows = page.evaluate(ROWS)
    assert [(r["id"], r["score"]) for r in rows] == \
        expected_ranking(cluster_server.url, code, block)[:len(rows)]

    # Back to the canvas.
    call(facilitator, "workshop:update", {"results": None})
    page.wait_for_selector(".results", state="hidden", timeout=WAIT_MS)
    assert page.locator("#sheet .area__col > .cluster").count() > 0
    # During the round the stacks carry their score.
    # (On whichever page of its area the stack is now.)
    page.wait_for_selector(f".cluster[data-cluster='{clusters[0]['id']}'] .cluster__dots",
                           state="attached", timeout=WAIT_MS)
    assert page.errors == []
