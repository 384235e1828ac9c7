"""``inspector-app inspector add|set-password|list``: inspector profiles and their offline passwords.

``add`` creates a profile with a password; ``set-password`` replaces a password (and lifts a lockout); ``list``
shows every profile as text or JSON. Passwords come from ``--password-stdin`` (the first line of standard input,
for scripts) or are asked twice without echo; they never appear on the command line, where other users of the
machine and the shell history could read them. A refused profile or password prints the reason and exits 1.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING

from inspector_app.domain.errors import InspectorProfileError

if TYPE_CHECKING:
    from inspector_app.services.identity_service import IdentityService

_ROLE_WORDS = {"inspector": "执法人员 inspector", "supervisor": "负责人 supervisor", "admin": "管理员 admin"}


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``inspector`` sub-command and its actions ``add``, ``set-password`` and ``list``."""
    parser = subparsers.add_parser(
        "inspector",
        help="执法人员：添加、设置密码、列出 inspectors: add, set password, list",
        description="管理本机执法人员及其离线登录密码 (inspector profiles and their offline login passwords)",
    )
    actions = parser.add_subparsers(dest="inspector_action", metavar="ACTION", required=True)
    adder = actions.add_parser(
        "add",
        help="添加执法人员 add an inspector",
        description="添加执法人员并设置密码（至少 8 个字符）add an inspector with a password (8 characters or more)",
    )
    adder.add_argument("--badge", required=True, help="执法证号 badge number")
    adder.add_argument("--name", required=True, help="姓名 name")
    adder.add_argument("--unit", default="", help="单位 unit (e.g. 某某区市场监督管理局)")
    adder.add_argument(
        "--role",
        default="inspector",
        choices=tuple(_ROLE_WORDS),
        help="角色 role (default: inspector)",
    )
    _add_password_option(adder)
    setter = actions.add_parser(
        "set-password",
        help="重设密码（同时解除锁定）set a new password (also lifts a lockout)",
        description="为执法人员设置新密码 set a new password for an inspector",
    )
    setter.add_argument("--badge", required=True, help="执法证号 badge number")
    _add_password_option(setter)
    lister = actions.add_parser("list", help="列出执法人员 list inspectors", description="列出执法人员 list inspectors")
    lister.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    parser.set_defaults(func=run)


def _add_password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="从标准输入的第一行读取密码 read the password from the first line of standard input",
    )


def run(args: argparse.Namespace) -> int:
    """Run an ``inspector`` action; 0 on success, 1 when a profile or password is refused."""
    # Imported here, not at module level: every ``inspector-app`` command loads this module to build its parser.
    from inspector_app.services.identity_service import IdentityService
    from inspector_app.services.workspace import open_workspace, resolve_data_dir

    workspace = open_workspace(resolve_data_dir(args.data_dir, demo=args.demo))
    try:
        service = IdentityService(workspace.database)
        if args.inspector_action == "list":
            return _list(service, as_json=args.json)
        password = _read_password(args.password_stdin)
        if password is None:
            return 1
        try:
            if args.inspector_action == "add":
                profile = service.create_inspector(args.name, args.badge, args.unit, args.role, password=password)
                print(f"已添加执法人员 inspector added: {profile.badge_number} {profile.name} (id {profile.id})")
            else:
                target = service.find_by_badge(args.badge)
                if target is None:
                    print(f"错误 error: 找不到执法证号 no inspector with badge number {args.badge}", file=sys.stderr)
                    return 1
                service.set_password(target.id, password)
                print(f"密码已更新 password set: {target.badge_number} {target.name}")
        except InspectorProfileError as exc:
            print(f"错误 error: {exc.message_zh}", file=sys.stderr)
            print(f"      {exc.message_en}", file=sys.stderr)
            return 1
        return 0
    finally:
        workspace.close()


def _read_password(from_stdin: bool) -> str | None:
    """The password from stdin's first line or from two hidden prompts; ``None`` (after saying why) if there is
    none."""
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            print("错误 error: 标准输入为空 standard input is empty; no password given", file=sys.stderr)
            return None
        return line.removesuffix("\n").removesuffix("\r")
    if not sys.stdin.isatty():
        print(
            "错误 error: 没有终端可输入密码，请使用 --password-stdin "
            "no terminal to ask for the password; use --password-stdin",
            file=sys.stderr,
        )
        return None
    first = getpass.getpass("密码 password: ")
    second = getpass.getpass("再次输入密码 password again: ")
    if first != second:
        print("错误 error: 两次输入的密码不一致 the two passwords differ", file=sys.stderr)
        return None
    return first


def _list(service: IdentityService, *, as_json: bool) -> int:
    profiles = service.list_inspectors()
    if as_json:
        print(json.dumps([asdict(profile) for profile in profiles], ensure_ascii=False, indent=2))
        return 0
    if not profiles:
        print("没有执法人员 no inspectors")
        return 0
    for profile in profiles:
        state = "在职 active" if profile.active else "停用 inactive"
        password = "已设密码 password set" if profile.has_password else "未设密码 no password"
        role = _ROLE_WORDS.get(profile.role, profile.role)
        print(f"{profile.badge_number}\t{profile.name}\t{role}\t{state}\t{password}\t{profile.unit}")
    print(f"共 {len(profiles)} 名执法人员 {len(profiles)} inspector(s)")
    return 0
