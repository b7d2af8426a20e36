"""Rate limits (token buckets) and removing idle workshops, through the service layer."""
from datetime import timedelta

import pytest

from canvas.db.models import PlanTemplate, Workshop, utcnow
from canvas.services import limits, notes, rules, snapshots, workshops
from canvas.services.errors import BadRequest, NotFound, TooManyRequests


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_bucket_allows_a_burst_then_one_per_interval():
    clock = Clock()
    buckets = limits.TokenBuckets(3, 2.0, clock)
    assert [buckets.take("a") for _ in range(4)] == [True, True, True, False]
    assert buckets.take("b")  # every key has its own bucket
    assert buckets.retry_after("a") == 2
    clock.now += 1.9
    assert not buckets.take("a")
    clock.now += 0.2
    assert buckets.take("a") and not buckets.take("a")
    clock.now += 3600
    assert [buckets.take("a") for _ in range(4)] == [True, True, True, False]


def test_a_participant_posting_faster_than_a_person_writes_is_slowed_down(ctx):
    created = workshops.create_workshop(ctx, {"title": "Spam"})
    anne = workshops.join(ctx, {"code": created.code, "name": "Anne"}).actor
    bram = workshops.join(ctx, {"code": created.code, "name": "Bram"}).actor
    for i in range(limits.NOTE_BURST):
        notes.add_note(ctx, anne, {"id": f"n{i}", "block": "regie", "text": f"{i}"})
    with pytest.raises(TooManyRequests) as refused:
        notes.add_note(ctx, anne, {"id": "one-too-many", "block": "regie", "text": "x"})
    assert refused.value.code == "too_fast" and refused.value.data["retry_after"] >= 1
    # The refusal names the limit it enforces.
    assert "20 achter elkaar" in refused.value.message("nl")
    assert "one every 2 seconds" in refused.value.message("en")
    # A retry of a stored note is answered, not counted; others are not affected.
    assert notes.add_note(ctx, anne, {"id": "n0", "block": "regie", "text": "0"}).note["id"] == \
        "n0"
    notes.add_note(ctx, bram, {"id": "b0", "block": "regie", "text": "Bram"})
    with ctx.db.session() as session:
        assert session.get(Workshop, anne.workshop_id).rev == limits.NOTE_BURST + 1


def test_guessing_is_refused_after_many_failures_only_for_codes_the_address_has_not_shown():
    lim = limits.Limits()
    limits.remember(lim, "10.0.0.1", "ROOM22")  # the room's code, joined from there before
    for _ in range(500):  # a whole room joining with the right code counts nothing
        limits.check_guessing(lim, "10.0.0.1", "ROOM22")
    for _ in range(limits.FAILED_JOIN_BURST):
        limits.check_guessing(lim, "10.0.0.1", "GUESS2")
        limits.count_if_guess(lim, "10.0.0.1", NotFound("workshop_not_found"))
    with pytest.raises(TooManyRequests) as refused:
        limits.check_guessing(lim, "10.0.0.1", "GUESS3")
    assert str(limits.FAILED_JOIN_BURST) in refused.value.message("en")
    limits.check_guessing(lim, "10.0.0.1", "room-22")  # shown before: never refused
    limits.check_guessing(lim, "10.0.0.2", "GUESS3")  # another address is not affected


def test_an_ipv6_device_is_one_address_across_its_whole_64_network():
    assert limits.address_key("2001:db8:1:2::1") == limits.address_key("2001:db8:1:2:ffff::9")
    assert limits.address_key("2001:db8:1:3::1") != limits.address_key("2001:db8:1:2::1")
    assert limits.address_key("::ffff:10.0.0.1") == "10.0.0.1"


def test_purge_removes_only_idle_workshops_with_everything_in_them(ctx, tmp_path):
    old = workshops.create_workshop(ctx, {"title": "Oud"})
    fresh = workshops.create_workshop(ctx, {"title": "Nieuw"})
    anne = workshops.join(ctx, {"code": old.code, "name": "Anne"}).actor
    notes.add_note(ctx, anne, {"id": "n", "block": "regie", "text": "tekst"})
    snapshots.take_snapshot(ctx, old.code, old.facilitator_key, {"label": "x"})
    posters = tmp_path / "exports" / old.code
    posters.mkdir(parents=True)
    (posters / "snapshot-1-A1-abc.pdf").write_bytes(b"%PDF")
    later = utcnow() + timedelta(days=91)
    with ctx.db.session() as session:  # the fresh one was used 10 days ago
        session.get(Workshop, workshops.workshop_info(ctx, fresh.code).id).last_activity_at = \
            later - timedelta(days=10)
        session.commit()
    assert workshops.purge_idle(ctx, 90, now=later) == [old.code]
    with pytest.raises(NotFound):
        workshops.workshop_info(ctx, old.code)
    assert workshops.workshop_info(ctx, fresh.code).code == fresh.code
    assert not posters.exists()
    with pytest.raises(BadRequest):
        workshops.purge_idle(ctx, 0)


def test_purge_forgets_saved_templates_unused_for_as_long(ctx):
    from canvas.services import plans, templates

    created = workshops.create_workshop(ctx, {"title": "Opzet"})
    boss = workshops.join(ctx, {"code": created.code,
                                "facilitator_key": created.facilitator_key}).actor
    plans.update_plan(ctx, boss, {"steps": [{"id": "s-1", "mode": "write",
                                             "block": "regie"}]})
    kept, unused = (templates.save_template(ctx, created.code, created.facilitator_key,
                                            {"title": title})["key"]
                    for title in ("Gebruikt", "Vergeten"))
    later = utcnow() + timedelta(days=91)
    with ctx.db.session() as session:  # the first started a workshop 10 days ago
        session.get(PlanTemplate, kept).last_used_at = later - timedelta(days=10)
        session.commit()
    assert templates.purge_unused(ctx, 90, now=later) == 1
    assert templates.template_steps(ctx, kept, "nl")[0]["id"] == "s-1"
    with pytest.raises(BadRequest):
        templates.template_steps(ctx, unused, "nl")


def test_new_connections_per_address_allow_a_room_reconnecting_then_fifty_a_second():
    clock = Clock()
    state = limits.Limits(clock)
    room = rules.CONNECTIONS_PER_ADDRESS_BURST
    assert room >= rules.ROOM_SIZE_MAX * 2  # a whole room connecting, and again after a drop
    assert all(limits.take_connection(state, "192.0.2.7") for _ in range(room))
    assert not limits.take_connection(state, "192.0.2.7")
    # Another address has a bucket of its own.
    assert limits.take_connection(state, "192.0.2.8")
    clock.now += 1.0
    taken = sum(limits.take_connection(state, "192.0.2.7") for _ in range(200))
    assert taken == 50
    # No address known (a test client): nothing to count it against.
    assert limits.take_connection(state, None)
