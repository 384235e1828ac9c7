"""What may follow the verdict of one spot check, and which of its deadlines are dealt with already. Qt-free.

After results, the sampled party may object (异议, a re-inspection request) within the objection window, and the
re-inspection lab's results (复检) then answer the objection and replace the first verdict for good; after a
nonconforming verdict the inspectors order a correction (责令整改) and re-check (复查) within their deadlines
(DOMAIN.md §2). :class:`AfterVerdict` reads all of that from a ``SpotCheckOverview`` with the same rules as
``SpotCheckService``: an objection is open against the latest results unless they are a re-inspection (whose result
is final); correction and re-check follow only a nonconforming latest result; a follow-up recorded since the latest
results closes its deadline, and an objection against them closes the objection window. The window enables its
buttons with it, the dialogs read the deadline they concern from it, and the deadlines table shows what closed each.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from inspector_app.domain.deadlines import Deadline
from inspector_app.domain.errors import InspectorError, WorkflowError
from inspector_app.domain.results import SampleVerdict
from inspector_app.domain.spot_check import SamplingOutcome
from inspector_app.services.spot_check_service import (
    FOLLOW_UP_DEADLINES,
    FOLLOW_UP_KINDS,
    OBJECTION_CODES,
    SealedRecordView,
    SpotCheckOverview,
)

logger = logging.getLogger(__name__)

KIND_CORRECTION_ORDER, KIND_RE_CHECK = FOLLOW_UP_KINDS
RESULT_TYPES = ("test_results", "re_inspection")


def follow_up_kind_for(deadline_code: str) -> str | None:
    """The follow-up kind that answers the deadline ``deadline_code``; None for any other deadline."""
    return next((kind for kind, code in FOLLOW_UP_DEADLINES.items() if code == deadline_code), None)


def due_day(deadline: Deadline | None) -> dt.date | None:
    """The last day of ``deadline`` (the day of a deadline counted in hours); None when there is none."""
    if deadline is None or deadline.due is None:
        return None
    return deadline.due.date() if isinstance(deadline.due, dt.datetime) else deadline.due


def deadline_due_text(deadline: Deadline) -> str:
    """When ``deadline`` ends: "2026-12-05", or "2026-11-20 14:30" for one counted in hours; "" when unknown."""
    if deadline.due is None:
        return ""
    if isinstance(deadline.due, dt.datetime):
        return deadline.due.strftime("%Y-%m-%d %H:%M")
    return deadline.due.isoformat()


def is_past(deadline: Deadline | None, day: dt.date) -> bool:
    """Whether ``day`` is after the last day of ``deadline`` — as the service judges an objection's filing date.
    False when the deadline is unknown: lateness is only said when it is certain."""
    last = due_day(deadline)
    return last is not None and day > last


@dataclass(frozen=True, slots=True)
class AfterVerdict:
    """The latest results of a spot check, its deadlines and the records that answer them.

    ``objections`` are those against the latest results; ``follow_ups`` those recorded since the latest results,
    oldest first.
    """

    spot_check_id: str
    sealed: bool
    results: SealedRecordView | None
    deadlines: tuple[Deadline, ...]
    objections: tuple[SealedRecordView, ...]
    follow_ups: tuple[SealedRecordView, ...]

    @classmethod
    def of(cls, overview: SpotCheckOverview) -> AfterVerdict:
        """Read it from what the service says about the spot check."""
        spot = overview.spot_check
        sealed = spot.sealed and spot.record.outcome is not SamplingOutcome.SAMPLING_FAILED
        results = [record for record in overview.records if record.record_type in RESULT_TYPES]
        latest = results[-1] if results else None
        objections: tuple[SealedRecordView, ...] = ()
        follow_ups: tuple[SealedRecordView, ...] = ()
        if latest is not None:
            objections = tuple(
                record
                for record in overview.records
                if record.record_type == "objection" and record.body.get("results_record_id") == latest.id
            )
            # As due_soon counts it: a follow-up made at or after the latest results answers them.
            follow_ups = tuple(
                record
                for record in overview.records
                if record.record_type == "follow_up" and record.created_at >= latest.created_at
            )
        return cls(overview.original_id, sealed, latest, tuple(overview.deadlines), objections, follow_ups)

    @property
    def verdict(self) -> str | None:
        """The latest results' verdict (conforming, nonconforming, incomplete), or None before results."""
        return self.results.verdict if self.results is not None else None

    @property
    def can_object(self) -> bool:
        """Whether the latest results are open to objection: first results, not a re-inspection's final ones."""
        return self.sealed and self.results is not None and self.results.record_type == "test_results"

    @property
    def is_reinspection(self) -> bool:
        """Whether the latest results are a re-inspection's (复检): final, replacing the first verdict."""
        return self.results is not None and self.results.record_type == "re_inspection"

    @property
    def open_objection(self) -> SealedRecordView | None:
        """The objection a re-inspection is to answer: the latest one against first results. None when there is
        none, or once a re-inspection has answered it (its results are then the latest, and final)."""
        return self.objections[-1] if self.can_object and self.objections else None

    @property
    def can_follow_up(self) -> bool:
        """Whether correction and re-check apply: the latest verdict is nonconforming."""
        return self.sealed and self.verdict == SampleVerdict.NONCONFORMING.value

    @property
    def objection_window(self) -> Deadline | None:
        """The objection window of the latest results, if they have one."""
        return next((deadline for deadline in self.deadlines if deadline.code in OBJECTION_CODES), None)

    def follow_up_deadline(self, kind: str) -> Deadline | None:
        """The deadline a follow-up of ``kind`` answers, if the latest results set it."""
        code = FOLLOW_UP_DEADLINES.get(kind)
        return next((deadline for deadline in self.deadlines if deadline.code == code), None)

    def follow_ups_of(self, kind: str) -> tuple[SealedRecordView, ...]:
        """The follow-ups of ``kind`` recorded since the latest results, oldest first."""
        return tuple(record for record in self.follow_ups if record.body.get("kind") == kind)

    def next_follow_up_kind(self) -> str:
        """The follow-up to record next: the correction order first, then the re-check."""
        return next((kind for kind in FOLLOW_UP_KINDS if not self.follow_ups_of(kind)), KIND_RE_CHECK)

    def closing_records(self) -> dict[str, SealedRecordView]:
        """Deadline code → the record that deals with it (the latest one when several do)."""
        closing: dict[str, SealedRecordView] = {}
        window = self.objection_window
        if window is not None and self.objections:
            closing[window.code] = self.objections[-1]
        for kind, code in FOLLOW_UP_DEADLINES.items():
            done = self.follow_ups_of(kind)
            if done:
                closing[code] = done[-1]
        return closing


def refusal_lines(error: InspectorError, language: str) -> list[str]:
    """Why the service refused, one line a problem, in ``language`` ("zh" or "en")."""
    if isinstance(error, WorkflowError):
        return [en if language == "en" else zh for zh, en in error.problems]
    return [error.user_message(language)]
