"""The spot-check tasks (抽查任务) HQ assigned, as the workstation offers them when a new spot check starts.

Tasks are reference data: HQ writes them (sync, or the demo data), the workstation only reads them. A spot check
started from a task takes its basics from it (``SpotCheckService.start_from_task``); this service only lists them.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from inspector_app.storage.database import Database
from inspector_app.storage.models import Task

logger = logging.getLogger(__name__)

STATUS_OPEN = "open"


@dataclass(frozen=True, slots=True)
class TaskSummary:
    """One task: code, title, plan, organiser, region, quota, dates, product kinds and assigned inspectors."""

    code: str
    title: str
    plan: str
    task_category: str  # supervision | risk_monitoring
    organiser: str
    region_code: str | None
    quota: int
    starts_on: dt.date | None
    deadline: dt.date | None
    status: str
    product_kinds: tuple[str, ...]  # names
    inspector_ids: tuple[int, ...]

    def assigned_to(self, inspector_id: int) -> bool:
        """Whether the task names this inspector (a task naming nobody is open to everyone)."""
        return not self.inspector_ids or inspector_id in self.inspector_ids


class TaskService:
    """Reads the tasks of one store."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def open_tasks(self, inspector_id: int | None = None) -> list[TaskSummary]:
        """Open tasks, those with the nearest deadline first (tasks without one last), then by code. With
        ``inspector_id``, only the tasks assigned to that inspector or to nobody in particular."""

        def work(session: Session) -> list[TaskSummary]:
            rows = session.scalars(
                select(Task)
                .where(Task.status == STATUS_OPEN)
                .options(selectinload(Task.product_kinds), selectinload(Task.inspectors))
            ).all()
            return [_summary(task) for task in rows]

        tasks = self._database.run(work)
        if inspector_id is not None:
            tasks = [task for task in tasks if task.assigned_to(inspector_id)]
        tasks.sort(key=lambda task: (task.deadline is None, task.deadline or dt.date.max, task.code))
        return tasks


def _summary(task: Task) -> TaskSummary:
    return TaskSummary(
        code=task.code,
        title=task.title,
        plan=task.plan,
        task_category=task.task_category,
        organiser=task.organiser,
        region_code=task.region_code,
        quota=task.quota,
        starts_on=task.starts_on,
        deadline=task.deadline,
        status=task.status,
        product_kinds=tuple(kind.name for kind in sorted(task.product_kinds, key=lambda kind: kind.code)),
        inspector_ids=tuple(sorted(inspector.id for inspector in task.inspectors)),
    )
