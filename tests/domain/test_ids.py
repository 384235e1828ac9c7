"""UUIDv7 record ids: layout per RFC 9562, time-ordered, strictly increasing within a process."""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector_app.domain.ids import Uuid7Generator, new_uuid7, uuid7_datetime


def fixed_clock(values: list[int]) -> Callable[[], int]:
    """A clock that returns ``values`` in turn, then repeats the last one."""
    remaining = list(values)

    def clock() -> int:
        return remaining.pop(0) if len(remaining) > 1 else remaining[0]

    return clock


def test_new_uuid7_has_version_7_and_the_rfc_variant() -> None:
    text = new_uuid7()
    value = uuid.UUID(text)
    assert value.version == 7
    assert value.variant == uuid.RFC_4122
    # Canonical form: lower case, 36 characters, round-trips through uuid.UUID.
    assert text == str(value) and len(text) == 36


def test_new_uuid7_carries_the_current_time() -> None:
    before = dt.datetime.now(dt.UTC) - dt.timedelta(milliseconds=1)
    made = uuid7_datetime(new_uuid7())
    after = dt.datetime.now(dt.UTC) + dt.timedelta(milliseconds=1)
    assert before <= made <= after


def test_ids_made_in_a_row_are_strictly_increasing_and_unique() -> None:
    ids = [new_uuid7() for _ in range(20_000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_ids_are_increasing_within_one_millisecond() -> None:
    generator = Uuid7Generator(clock_ns=fixed_clock([1_700_000_000_000_000_000]))
    ids = [generator.new() for _ in range(1000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == 1000
    assert {uuid7_datetime(value) for value in ids} == {dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)}


def test_ids_stay_increasing_when_the_clock_steps_back() -> None:
    now = 1_700_000_000_000_000_000
    generator = Uuid7Generator(clock_ns=fixed_clock([now, now - 5_000_000_000, now - 1]))
    ids = [generator.new() for _ in range(3)]
    assert ids == sorted(ids)
    assert uuid7_datetime(ids[2]) == uuid7_datetime(ids[0])


def test_counter_overflow_moves_the_timestamp_ahead() -> None:
    now_ns = 1_700_000_000_000_000_000
    # Random bytes of all ones: the counter starts at its highest fresh value, 2**41 - 1.
    generator = Uuid7Generator(clock_ns=fixed_clock([now_ns]), random_bytes=lambda size: b"\xff" * size)
    first = generator.new()
    # Reaching the limit by counting would take 2**41 calls; set the state the counting would reach.
    generator._counter = (1 << 42) - 1
    last_in_ms = generator.new()
    assert uuid7_datetime(last_in_ms) == uuid7_datetime(first) + dt.timedelta(milliseconds=1)
    assert first < last_in_ms


def test_ids_from_several_threads_are_unique() -> None:
    results: list[list[str]] = [[] for _ in range(4)]

    def work(bucket: list[str]) -> None:
        bucket.extend(new_uuid7() for _ in range(2000))

    threads = [threading.Thread(target=work, args=(bucket,)) for bucket in results]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = [value for bucket in results for value in bucket]
    assert len(set(everything)) == len(everything)
    for bucket in results:
        assert bucket == sorted(bucket)


@given(st.integers(min_value=0, max_value=(1 << 48) - 1), st.binary(min_size=10, max_size=10))
@settings(max_examples=200, deadline=None)
def test_layout_for_any_time_and_randomness(milliseconds: int, randomness: bytes) -> None:
    pool = bytearray(randomness)

    def random_bytes(size: int) -> bytes:
        taken = bytes(pool[:size])
        del pool[:size]
        return taken

    generator = Uuid7Generator(clock_ns=lambda: milliseconds * 1_000_000, random_bytes=random_bytes)
    value = generator.new()
    assert value.version == 7
    assert value.variant == uuid.RFC_4122
    assert value.int >> 80 == milliseconds
    # The last 32 bits are the fresh random tail.
    assert value.int & 0xFFFFFFFF == int.from_bytes(randomness[6:], "big")


def test_uuid7_datetime_refuses_other_versions() -> None:
    with pytest.raises(ValueError, match="UUIDv7"):
        uuid7_datetime(str(uuid.uuid4()))


def test_time_of_new_uuid7_tracks_time_ns() -> None:
    start_ms = time.time_ns() // 1_000_000
    value = uuid.UUID(new_uuid7())
    assert value.int >> 80 >= start_ms
