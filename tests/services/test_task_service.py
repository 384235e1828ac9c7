"""Open spot-check tasks for the "new spot check" choice: open ones only, nearest deadline first, per inspector."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from inspector_app.services.task_service import TaskService
from inspector_app.services.workspace import Workspace
from inspector_app.storage.models import Inspector, ProductKind, Task


def test_open_tasks_in_deadline_order_with_their_kinds_and_inspectors(small_catalogue: Workspace) -> None:
    with small_catalogue.database.session() as session:
        kinds = {kind.code: kind for kind in session.scalars(select(ProductKind))}
        zhang = Inspector(badge_number="11010800001", name="张三")
        li = Inspector(badge_number="11010800002", name="李四")
        session.add_all([zhang, li])
        later = Task(code="T-2", title="化肥抽查", deadline=dt.date(2026, 12, 31), quota=20)
        later.product_kinds = [kinds["IND-01-002"], kinds["IND-01-001"]]
        sooner = Task(code="T-3", title="食用油抽查", task_category="risk_monitoring", deadline=dt.date(2026, 12, 1))
        sooner.inspectors = [li]
        undated = Task(code="T-1", title="插头插座抽查", organiser="北京市市场监督管理局", region_code="110108")
        undated.inspectors = [zhang]
        closed = Task(code="T-0", title="已结束", status="closed", deadline=dt.date(2026, 1, 1))
        session.add_all([later, sooner, undated, closed])
        session.flush()
        zhang_id, li_id = zhang.id, li.id

    service = TaskService(small_catalogue.database)
    tasks = service.open_tasks()
    assert [task.code for task in tasks] == ["T-3", "T-2", "T-1"]
    assert tasks[1].product_kinds == ("复合肥料", "危险化学品")  # by kind code
    assert (tasks[1].quota, tasks[1].deadline, tasks[1].inspector_ids) == (20, dt.date(2026, 12, 31), ())
    assert (tasks[0].task_category, tasks[0].inspector_ids) == ("risk_monitoring", (li_id,))
    assert (tasks[2].organiser, tasks[2].region_code, tasks[2].status) == ("北京市市场监督管理局", "110108", "open")

    assert [task.code for task in service.open_tasks(zhang_id)] == ["T-2", "T-1"]
    assert [task.code for task in service.open_tasks(li_id)] == ["T-3", "T-2"]


def test_no_tasks(workspace: Workspace) -> None:
    assert TaskService(workspace.database).open_tasks() == []
