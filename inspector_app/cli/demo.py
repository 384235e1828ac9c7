"""``inspector-app demo --scale N``: fill an empty workspace with generated demo data.

Scale 1 makes 200 enterprises and 1,000 trade items; scale 1000 makes a million trade items (the store the
scanning benchmark uses). The same seed always gives the same data. The command writes only into a workspace
without enterprises, trade items, alerts, tasks or inspectors: demo rows must never mix with real ones, so a
workspace that has any is refused with a message and left untouched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
import time

from inspector_app.domain.demo import DEFAULT_SEED, MAX_SCALE
from inspector_app.domain.errors import DemoDataError
from inspector_app.services.demo_service import (
    DEMO_REFERENCE_DATE,
    STAGE_BLOCKS,
    DemoSummary,
    generate_demo_data,
)
from inspector_app.services.workspace import open_workspace, resolve_data_dir

logger = logging.getLogger(__name__)

# Progress goes to stderr at most this often, so a long run shows it is alive without flooding a log.
_PROGRESS_INTERVAL_S = 2.0


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``demo`` sub-command."""
    parser = subparsers.add_parser(
        "demo",
        help="生成演示数据 generate demo data into an empty workspace",
        description=(
            "生成确定性的演示数据（企业、许可证、商品、风险预警、任务、执法人员）。"
            " Generate deterministic demo data (enterprises, licences, trade items, alerts, tasks, inspectors)"
            " into an empty workspace. Scale N makes N × 1,000 trade items and N × 200 enterprises."
        ),
    )
    parser.add_argument(
        "--scale",
        type=_scale,
        required=True,
        help=f"规模 scale, 1–{MAX_SCALE} (1 = 1,000 trade items, 1000 = 1,000,000)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"随机种子 seed (default {DEFAULT_SEED})")
    parser.add_argument(
        "--reference-date",
        type=dt.date.fromisoformat,
        default=DEMO_REFERENCE_DATE,
        help=f"基准日期 date the data is placed around, YYYY-MM-DD (default {DEMO_REFERENCE_DATE.isoformat()})",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Generate the data; print what was made and how long it took. 0 on success, 1 when refused."""
    data_dir = resolve_data_dir(args.data_dir, demo=args.demo)
    workspace = open_workspace(data_dir)
    reporter = _ProgressReporter()
    try:
        summary = generate_demo_data(
            workspace.database,
            args.scale,
            args.seed,
            reporter,
            reference_date=args.reference_date,
        )
    except DemoDataError as exc:
        print(f"错误 error: {exc}", file=sys.stderr)
        if exc.reason == "not_empty":
            print(f"工作区 workspace: {data_dir}", file=sys.stderr)
        return 1
    finally:
        workspace.close()
    _print_summary(summary, str(data_dir))
    return 0


def _scale(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是整数 not a whole number: {text!r}") from None
    if not 1 <= value <= MAX_SCALE:
        raise argparse.ArgumentTypeError(f"规模应在 1 到 {MAX_SCALE} 之间 the scale must be 1–{MAX_SCALE}: {value}")
    return value


class _ProgressReporter:
    """Prints block progress to stderr every few seconds."""

    def __init__(self) -> None:
        self._last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != STAGE_BLOCKS or total == 0:
            return
        now = time.monotonic()
        if done in (0, total) or now - self._last >= _PROGRESS_INTERVAL_S:
            self._last = now
            print(f"生成中 generating: {done}/{total} ({100 * done // total}%)", file=sys.stderr, flush=True)


def _print_summary(summary: DemoSummary, data_dir: str) -> None:
    lines = [
        f"演示数据已生成 demo data generated in {data_dir}",
        f"  规模 scale {summary.scale}, 种子 seed {summary.seed}, 基准日期 reference date "
        f"{summary.reference_date.isoformat()}",
        f"  企业 enterprises:          {summary.enterprises:>10,}",
        f"  许可证 licences:           {summary.licences:>10,}",
        f"  黑名单 blacklist entries:  {summary.blacklist_entries:>10,}",
        f"  商品 trade items:          {summary.trade_items:>10,}",
        f"  风险预警 risk alerts:      {summary.risk_alerts:>10,}",
        f"  执法人员 inspectors:       {summary.inspectors:>10,}",
        f"  抽查任务 tasks:            {summary.tasks:>10,}",
        f"  用时 took {summary.seconds:.1f} s ({summary.trade_items_per_second:,.0f} trade items/s, "
        f"{summary.rows:,} rows)",
    ]
    print("\n".join(lines))
