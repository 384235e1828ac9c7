"""``inspector-app keys show|export FILE|import FILE|list|revoke KEY_ID``: the device key and the trusted keys.

``show`` prints this workstation's key id (its device id in records) and public key, creating the key pair on first
use; ``export`` writes its public key file for another workstation to import; ``import`` trusts the key in such a
file; ``list`` shows every trusted key, revoked ones included; ``revoke`` stops trusting one. A file that is not a
public key file, or a refused change, prints the reason and exits 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from inspector_app.domain.errors import KeyFileError, KeyTrustError, NotFoundError

if TYPE_CHECKING:
    from inspector_app.security.device_keys import DeviceKeys
    from inspector_app.services.trust_service import TrustedKeyInfo, TrustService

_SOURCE_WORDS = {"own": "本机 own", "file": "文件导入 file", "hq": "总部 HQ"}


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``keys`` sub-command and its actions."""
    parser = subparsers.add_parser(
        "keys",
        help="设备密钥与受信任的公钥 device key and trusted keys",
        description="查看本机设备密钥，导出/导入公钥，管理受信任的公钥 "
        "(show the device key, export and import public keys, manage trusted keys)",
    )
    actions = parser.add_subparsers(dest="keys_action", metavar="ACTION", required=True)
    actions.add_parser(
        "show",
        help="显示本机密钥编号和公钥 show this workstation's key id and public key",
        description="显示本机设备密钥（首次使用时创建）show the device key (created on first use)",
    )
    exporter = actions.add_parser(
        "export",
        help="导出本机公钥文件 export this workstation's public key file",
        description="将本机公钥写入文件，供其他工作站导入 write the public key to a file for other workstations",
    )
    exporter.add_argument("file", metavar="FILE", help="公钥文件 public key file (.pub)")
    exporter.add_argument("--workstation", help="文件中的工作站名称 workstation name in the file (default: host name)")
    importer = actions.add_parser(
        "import",
        help="导入并信任公钥文件 import and trust a public key file",
        description="信任公钥文件中的密钥 trust the key in a public key file",
    )
    importer.add_argument("file", metavar="FILE", help="公钥文件 public key file (.pub)")
    importer.add_argument("--label", default="", help="名称 label (default: the workstation named in the file)")
    lister = actions.add_parser(
        "list",
        help="列出受信任的公钥 list trusted keys",
        description="列出受信任的公钥（含已撤销的）list trusted keys, revoked ones included",
    )
    lister.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    revoker = actions.add_parser(
        "revoke",
        help="撤销对某公钥的信任 stop trusting a key",
        description="撤销对某公钥的信任（不可恢复）stop trusting a key (final)",
    )
    revoker.add_argument("key_id", metavar="KEY_ID", help="密钥编号 key id (32 hex characters)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run a ``keys`` action; 0 on success, 1 when a file or a change is refused."""
    # Imported here, not at module level: every ``inspector-app`` command loads this module to build its parser.
    from inspector_app.security.device_keys import DeviceKeys
    from inspector_app.services.trust_service import TrustService
    from inspector_app.services.workspace import open_workspace, resolve_data_dir

    workspace = open_workspace(resolve_data_dir(args.data_dir, demo=args.demo))
    try:
        keys = DeviceKeys.load_or_create(workspace.data_dir)
        trust = TrustService(workspace.database, keys)
        trust.ensure_own_key_trusted()
        try:
            return _dispatch(args, keys, trust)
        except (KeyFileError, KeyTrustError, NotFoundError) as exc:
            print(f"错误 error: {exc.message_zh}", file=sys.stderr)
            print(f"      {exc.message_en}", file=sys.stderr)
            return 1
    finally:
        workspace.close()


def _dispatch(args: argparse.Namespace, keys: DeviceKeys, trust: TrustService) -> int:
    action = args.keys_action
    if action == "show":
        print(f"密钥编号 key id:      {keys.key_id}")
        print(f"公钥 public key:      {keys.public_key_b64}")
        print(f"私钥文件 key file:    {keys.path}")
        return 0
    if action == "export":
        path = trust.export_own_key(Path(args.file), args.workstation)
        print(f"已导出公钥 public key exported: {path} (key id {keys.key_id})")
        return 0
    if action == "import":
        info = trust.import_key_file(Path(args.file), args.label)
        print(f"已信任 trusted: {info.key_id} {info.label}")
        return 0
    if action == "revoke":
        info = trust.revoke(args.key_id)
        print(f"已撤销 revoked: {info.key_id} {info.label}")
        return 0
    return _list(trust.list(), as_json=args.json)


def _list(infos: list[TrustedKeyInfo], *, as_json: bool) -> int:
    if as_json:
        rows = [
            {
                "key_id": info.key_id,
                "public_key": info.public_key_b64,
                "label": info.label,
                "source": info.source,
                "added_at": info.added_at.isoformat(),
                "revoked": info.revoked,
            }
            for info in infos
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for info in infos:
        state = "已撤销 revoked" if info.revoked else "受信任 trusted"
        source = _SOURCE_WORDS.get(info.source, info.source)
        added = info.added_at.strftime("%Y-%m-%d %H:%M UTC")
        print(f"{info.key_id}\t{state}\t{source}\t{added}\t{info.label}")
    print(f"共 {len(infos)} 个公钥 {len(infos)} key(s)")
    return 0
