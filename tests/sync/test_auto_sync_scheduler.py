"""The automatic-sync state machine, without Qt: backoff while HQ is unreachable, a quiet rhythm after success."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector_app.services.auto_sync_scheduler import (
    AutoSyncScheduler,
    SchedulerSettings,
    SchedulerState,
    SyncOutcome,
)

SETTINGS = SchedulerSettings(
    initial_delay=5, interval=900, backoff_base=30, backoff_max=600, records_debounce=20, jitter=0.0
)


def _scheduler(now: float = 0.0, *, enrolled: bool = True) -> AutoSyncScheduler:
    return AutoSyncScheduler(now, SETTINGS, enrolled=enrolled, random_unit=lambda: 0.5)


def test_first_sync_is_due_shortly_after_start() -> None:
    scheduler = _scheduler()

    assert not scheduler.due(4.9)
    assert scheduler.due(5.0)
    assert scheduler.seconds_until_due(1.0) == pytest.approx(4.0)


def test_unreachable_hq_backs_off_exponentially_up_to_the_ceiling() -> None:
    scheduler = _scheduler()
    now = 5.0
    waits = []
    for _ in range(7):
        assert scheduler.due(now)
        scheduler.sync_started(now)
        assert scheduler.state is SchedulerState.SYNCING
        assert not scheduler.due(now + 10_000)
        scheduler.sync_finished(now, SyncOutcome.UNREACHABLE)
        wait = scheduler.seconds_until_due(now)
        assert wait is not None
        waits.append(wait)
        now += wait

    assert waits == [30, 60, 120, 240, 480, 600, 600]
    assert scheduler.consecutive_failures == 7


def test_success_resets_the_backoff_and_settles_into_the_interval() -> None:
    scheduler = _scheduler()
    scheduler.sync_started(5)
    scheduler.sync_finished(5, SyncOutcome.UNREACHABLE)
    scheduler.sync_started(40)
    scheduler.sync_finished(40, SyncOutcome.SUCCESS)

    assert scheduler.consecutive_failures == 0
    assert scheduler.seconds_until_due(40) == 900


def test_partial_success_retries_sooner_than_the_interval() -> None:
    scheduler = _scheduler()
    scheduler.sync_started(5)
    scheduler.sync_finished(5, SyncOutcome.PARTIAL)

    assert scheduler.seconds_until_due(5) == 30
    assert scheduler.consecutive_failures == 0


def test_new_records_bring_the_next_sync_forward_but_not_while_hq_is_unreachable() -> None:
    scheduler = _scheduler()
    scheduler.sync_started(5)
    scheduler.sync_finished(5, SyncOutcome.SUCCESS)
    scheduler.records_waiting(100)
    assert scheduler.seconds_until_due(100) == 20

    scheduler.sync_started(120)
    scheduler.sync_finished(120, SyncOutcome.UNREACHABLE)
    scheduler.records_waiting(121)
    assert scheduler.seconds_until_due(121) == 29


def test_the_network_coming_back_resets_the_backoff() -> None:
    scheduler = _scheduler()
    for now in (5.0, 35.0, 95.0):
        scheduler.sync_started(now)
        scheduler.sync_finished(now, SyncOutcome.UNREACHABLE)

    scheduler.network_available(100)

    assert scheduler.consecutive_failures == 0
    assert scheduler.seconds_until_due(100) == 5


def test_a_manual_sync_does_not_grow_the_backoff() -> None:
    scheduler = _scheduler()
    scheduler.sync_started(5)
    scheduler.sync_finished(5, SyncOutcome.UNREACHABLE, manual=True)

    assert scheduler.consecutive_failures == 0
    assert scheduler.seconds_until_due(5) == 30


def test_update_required_stops_for_good_and_not_enrolled_until_enrolment() -> None:
    scheduler = _scheduler(enrolled=False)
    assert scheduler.state is SchedulerState.STOPPED
    assert scheduler.seconds_until_due(0) is None
    scheduler.enrolled(10)
    assert scheduler.due(15)

    scheduler.sync_started(15)
    scheduler.sync_finished(15, SyncOutcome.UPDATE_REQUIRED)
    scheduler.enrolled(20)
    scheduler.network_available(20)
    scheduler.sync_started(20)

    assert scheduler.state is SchedulerState.STOPPED
    assert scheduler.stop_reason == "update_required"
    assert not scheduler.due(10_000)


def test_a_revoked_token_stops_automatic_sync() -> None:
    scheduler = _scheduler()
    scheduler.sync_started(5)
    scheduler.sync_finished(5, SyncOutcome.NOT_ENROLLED)

    assert scheduler.state is SchedulerState.STOPPED
    assert scheduler.stop_reason == "not_enrolled"


def test_disable_stops_automatic_sync() -> None:
    scheduler = _scheduler()
    scheduler.disable()

    assert not scheduler.due(100)
    assert scheduler.stop_reason == "disabled"


@given(
    unit=st.floats(min_value=0.0, max_value=0.999999),
    failures=st.integers(min_value=1, max_value=20),
)
def test_jitter_stays_within_its_band(unit: float, failures: int) -> None:
    settings = SchedulerSettings(backoff_base=30, backoff_max=600, jitter=0.2)
    scheduler = AutoSyncScheduler(0.0, settings, random_unit=lambda: unit)
    now = 0.0
    for _ in range(failures):
        scheduler.sync_started(now)
        scheduler.sync_finished(now, SyncOutcome.UNREACHABLE)
    wait = scheduler.seconds_until_due(now)
    nominal = min(600.0, 30.0 * 2 ** (failures - 1))

    assert wait is not None
    assert nominal * 0.8 - 1e-9 <= wait <= nominal * 1.2 + 1e-9
