"""The ``inspector-app`` command: the workstation window by default, sub-commands for scripting.

Each sub-command lives in its own module with ``add_parser(subparsers)`` (which sets ``func``) and
``run(args) -> int``; this module only assembles them and resolves the data directory.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from inspector_app import __version__
from inspector_app.domain.errors import InspectorError

logger = logging.getLogger(__name__)

# Sub-command modules, in the order ``--help`` lists them.
_COMMAND_MODULES = (
    "identify",
    "scan_image",
    "catalog",
    "verdict",
    "scans",
    "demo",
    "inspector",
    "keys",
    "records",
    "print_document",
    "verify_certificate",
    "enroll",
    "sync",
    "bundle",
)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (exposed for tests and for ``--help``)."""
    parser = argparse.ArgumentParser(
        prog="inspector-app",
        description="质量安全监管检查工作站 Inspector Workstation",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        help="数据目录 data directory (default: $INSPECTOR_APP_DATA_DIR or the platform's user data folder)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="打开演示数据库 open the embedded demo database (created on first use)",
    )
    parser.add_argument("--language", choices=("zh", "en"), help="界面语言 UI language")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(f"inspector_app.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"inspector_app.cli.{name}":
                raise
            continue
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``inspector-app``."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        if args.command is None:
            from inspector_app.app import run_gui

            return run_gui(args)
        result: int = args.func(args)
        return result
    except InspectorError as exc:
        print(f"错误 error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
