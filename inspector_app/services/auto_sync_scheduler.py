"""When to sync by itself: a small state machine the GUI drives with a timer (no Qt here, so it is tested without).

The workstation is offline most of the time. It tries to sync soon after it starts and whenever new records wait;
when HQ cannot be reached it backs off exponentially (with jitter, so a room full of laptops that regain the
network together do not all knock at once) up to a ceiling; once a sync succeeds it settles into a slow periodic
rhythm. A sync the inspector starts by hand resets the backoff. Some answers stop automatic sync until something
changes: not enrolled (until enrolment) and "please update" (until the program is replaced).

The GUI asks :meth:`AutoSyncScheduler.seconds_until_due` to set its single-shot timer, calls :meth:`due` when the
timer fires, reports :meth:`sync_started` / :meth:`sync_finished`, and tells about new records with
:meth:`records_waiting`. Time is a monotonic number of seconds given by the caller.
"""

from __future__ import annotations

import enum
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


class SchedulerState(enum.Enum):
    """Where the scheduler is."""

    WAITING = "waiting"  # a next attempt is planned
    SYNCING = "syncing"  # a sync is running
    STOPPED = "stopped"  # no automatic sync (not enrolled, update required, or switched off)


class SyncOutcome(enum.Enum):
    """How a sync ended, as far as scheduling is concerned."""

    SUCCESS = "success"  # everything went up and came down
    PARTIAL = "partial"  # HQ answered, but some records or pages failed
    UNREACHABLE = "unreachable"  # no answer from HQ (network down, timeouts, 5xx)
    NOT_ENROLLED = "not_enrolled"  # nothing to sync with; or the token was revoked
    UPDATE_REQUIRED = "update_required"  # HQ needs a newer workstation


@dataclass(frozen=True, slots=True)
class SchedulerSettings:
    """The rhythm: first try after start, periodic interval after success, backoff bounds, debounce for new
    records, and the jitter fraction applied to every delay (0.2 = ±20 %)."""

    initial_delay: float = 5.0
    interval: float = 15 * 60.0
    backoff_base: float = 30.0
    backoff_max: float = 30 * 60.0
    records_debounce: float = 20.0
    jitter: float = 0.2


class AutoSyncScheduler:
    """Decides when the next automatic sync is due."""

    def __init__(
        self,
        now: float,
        settings: SchedulerSettings | None = None,
        *,
        enrolled: bool = True,
        random_unit: Callable[[], float] = random.random,
    ) -> None:
        self._settings = settings or SchedulerSettings()
        self._random_unit = random_unit
        self._failures = 0
        self._state = SchedulerState.WAITING if enrolled else SchedulerState.STOPPED
        self._due_at = now + self._jittered(self._settings.initial_delay)
        self._stop_reason = "" if enrolled else SyncOutcome.NOT_ENROLLED.value

    # ----------------------------------------------------------------------------------------------- queries
    @property
    def state(self) -> SchedulerState:
        """The current state."""
        return self._state

    @property
    def consecutive_failures(self) -> int:
        """How many automatic syncs in a row did not reach HQ (drives the backoff)."""
        return self._failures

    @property
    def stop_reason(self) -> str:
        """Why automatic sync is stopped (a ``SyncOutcome`` value, ``"disabled"``), or ``""``."""
        return self._stop_reason

    def due(self, now: float) -> bool:
        """Whether an automatic sync should start now."""
        return self._state is SchedulerState.WAITING and now >= self._due_at

    def seconds_until_due(self, now: float) -> float | None:
        """Seconds until the next attempt (0 if overdue), or ``None`` while syncing or stopped."""
        if self._state is not SchedulerState.WAITING:
            return None
        return max(0.0, self._due_at - now)

    # ------------------------------------------------------------------------------------------------ events
    def sync_started(self, now: float) -> None:
        """A sync (automatic or by hand) began."""
        del now
        if self._state is SchedulerState.STOPPED and self._stop_reason == SyncOutcome.UPDATE_REQUIRED.value:
            return
        self._state = SchedulerState.SYNCING

    def sync_finished(self, now: float, outcome: SyncOutcome, *, manual: bool = False) -> None:
        """A sync ended with ``outcome``; plans the next attempt."""
        settings = self._settings
        if outcome is SyncOutcome.UPDATE_REQUIRED:
            self._stop(outcome.value)
            return
        if outcome is SyncOutcome.NOT_ENROLLED:
            self._stop(outcome.value)
            return
        if outcome is SyncOutcome.UNREACHABLE:
            # A sync the inspector asked for does not count against the automatic backoff.
            if not manual:
                self._failures += 1
            delay = min(settings.backoff_max, settings.backoff_base * 2 ** max(0, self._failures - 1))
        else:
            self._failures = 0
            # Some records or pages failed: try again sooner than the quiet interval, but not at once.
            delay = settings.interval if outcome is SyncOutcome.SUCCESS else settings.backoff_base
        self._state = SchedulerState.WAITING
        self._stop_reason = ""
        self._due_at = now + self._jittered(delay)
        logger.debug("auto sync: %s; next attempt in %.0f s", outcome.value, self._due_at - now)

    def records_waiting(self, now: float) -> None:
        """New records wait to go up: sync soon (debounced) unless an attempt is already planned sooner.

        While HQ is unreachable the backoff stands: new records do not make an unreachable server reachable.
        """
        if self._state is not SchedulerState.WAITING or self._failures:
            return
        self._due_at = min(self._due_at, now + self._settings.records_debounce)

    def network_available(self, now: float) -> None:
        """The network came back (or HQ answered a probe): try soon, with a fresh backoff."""
        if self._state is not SchedulerState.WAITING:
            return
        self._failures = 0
        self._due_at = min(self._due_at, now + self._jittered(self._settings.initial_delay))

    def enrolled(self, now: float) -> None:
        """The device was just enrolled: start syncing automatically."""
        if self._stop_reason == SyncOutcome.UPDATE_REQUIRED.value:
            return
        self._state = SchedulerState.WAITING
        self._stop_reason = ""
        self._failures = 0
        self._due_at = now + self._jittered(self._settings.initial_delay)

    def disable(self) -> None:
        """Switch automatic sync off (the inspector can still sync by hand)."""
        self._stop("disabled")

    def _stop(self, reason: str) -> None:
        self._state = SchedulerState.STOPPED
        self._stop_reason = reason
        logger.info("automatic sync stopped: %s", reason)

    def _jittered(self, delay: float) -> float:
        spread = self._settings.jitter
        return max(0.0, delay * (1.0 + spread * (2.0 * self._random_unit() - 1.0)))
