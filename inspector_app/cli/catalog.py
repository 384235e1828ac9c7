"""``inspector-app catalog import FILE`` and ``inspector-app catalog show [--json] [--kinds]``.

``import`` validates the whole file first: a bad file prints every bad line as ``FILE:LINE: reason`` on stderr,
imports nothing and exits 1; an unreadable file (missing, a folder, not UTF-8) exits 1 as well.
``show`` lists the installed editions with their categories (and with ``--kinds`` each product kind with its
XK / CCC / SC flags), as text or as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from inspector_app.domain.errors import FileReadError, ImportFileError, NotFoundError

if TYPE_CHECKING:
    from inspector_app.services.catalogue_service import (
        CatalogueService,
        CategorySummary,
        ChangeCounts,
        EditionSummary,
        ImportReport,
        KeptRow,
        ProductKindSummary,
    )

_DOMAIN_WORDS = {"industrial": "工业产品 industrial", "food": "食品 food", "farm_produce": "食用农产品 farm produce"}
_LEVEL_WORDS = {
    "category": "类别 category",
    "product_kind": "产品种类 product kind",
    "inspection_item": "检验项目 inspection item",
}


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``catalog`` sub-command and its actions ``import`` and ``show``."""
    parser = subparsers.add_parser(
        "catalog",
        help="重点产品目录：导入、查看 key-product catalogue: import, show",
        description="导入或查看重点产品质量安全监管目录 (import or show the key-product catalogue)",
    )
    actions = parser.add_subparsers(dest="catalog_action", metavar="ACTION", required=True)
    importer = actions.add_parser(
        "import",
        help="导入目录文件（.json 或 .csv）import a catalogue file (.json or .csv)",
        description="校验整个文件后导入；文件有任何错误则不导入任何数据 "
        "(the whole file is validated first; a file with any error imports nothing)",
    )
    importer.add_argument("file", metavar="FILE", help="目录文件 catalogue file (.json / .csv, UTF-8)")
    shower = actions.add_parser(
        "show",
        help="列出已安装的目录版本及类别 list installed editions and their categories",
        description="列出已安装的目录版本、类别及产品种类数 (installed editions, categories and kind counts)",
    )
    shower.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    shower.add_argument("--kinds", action="store_true", help="同时列出产品种类及 XK/CCC/SC 标志 / list kinds too")
    shower.add_argument("--edition", metavar="CODE", help="只显示该版本 / only this edition")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``catalog import`` or ``catalog show``; 0 on success, 1 on a bad or unreadable file."""
    # Imported here, not at module level: every ``inspector-app`` command loads this module to build its parser.
    from inspector_app.services.catalogue_service import CatalogueService
    from inspector_app.services.workspace import open_workspace, resolve_data_dir

    workspace = open_workspace(resolve_data_dir(args.data_dir, demo=args.demo))
    try:
        service = CatalogueService(workspace.database)
        if args.catalog_action == "import":
            return _import(service, args.file)
        return _show(service, as_json=args.json, with_kinds=args.kinds, edition_code=args.edition)
    finally:
        workspace.close()


# --- import -------------------------------------------------------------------------------------------------


def _import(service: CatalogueService, path: str) -> int:
    try:
        report = service.import_file(path)
    except FileReadError as exc:
        print(f"错误 error: {exc.message_zh}", file=sys.stderr)
        print(f"      {exc.message_en}", file=sys.stderr)
        return 1
    except ImportFileError as exc:
        for error in sorted(exc.errors, key=lambda e: e.line):
            print(f"{path}:{error.line}: {error.reason}", file=sys.stderr)
        print(f"{exc.message_zh} / {exc.message_en}", file=sys.stderr)
        return 1
    print(format_report(report))
    return 0


def _counts_line(label: str, counts: ChangeCounts) -> str:
    line = (
        f"  {label}: 新增 added {counts.added}, 更新 updated {counts.updated}, "
        f"未变 unchanged {counts.unchanged}, 删除 removed {counts.removed}"
    )
    return line + (f", 保留 kept {counts.kept}" if counts.kept else "")


def _kept_line(row: KeptRow) -> str:
    path = "/".join(part for part in (row.category_code, row.kind_code, row.item_code) if part)
    uses = ", ".join(f"{table} {count}" for table, count in row.referenced_by)
    return f"  {_LEVEL_WORDS.get(row.level, row.level)} {path} {row.name} — {uses}"


def format_report(report: ImportReport) -> str:
    """The import report as text lines (Chinese first, English after)."""
    if report.edition_created:
        state = "新安装 installed"
    elif report.changed:
        state = "已更新 updated"
    else:
        state = "无变化 unchanged"
    lines = [
        f"目录版本 edition {report.edition_code} “{report.edition_name}”: {state}",
        _counts_line("类别 categories", report.categories),
        _counts_line("产品种类 product kinds", report.product_kinds),
        _counts_line("检验项目 inspection items", report.inspection_items),
    ]
    if report.kept:
        lines.append("文件中已删除但仍被引用、因此保留 no longer in the file but kept because still referenced:")
        lines.extend(_kept_line(row) for row in report.kept)
    return "\n".join(lines)


# --- show ---------------------------------------------------------------------------------------------------


def _show(service: CatalogueService, *, as_json: bool, with_kinds: bool, edition_code: str | None) -> int:
    editions = service.installed()
    if edition_code is not None:
        editions = [edition for edition in editions if edition.code == edition_code]
        if not editions:
            error = NotFoundError(
                f"未安装目录版本“{edition_code}”", f"Catalogue edition '{edition_code}' is not installed"
            )
            print(f"错误 error: {error}", file=sys.stderr)
            return 1
    tree = [
        (
            edition,
            service.categories(edition.code),
            service.product_kinds(edition.code) if with_kinds else [],
        )
        for edition in editions
    ]
    if as_json:
        document = {"editions": [_edition_json(e, c, k, with_kinds=with_kinds) for e, c, k in tree]}
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    if not tree:
        print("尚未安装任何目录版本 no catalogue edition is installed")
        print("  导入 import one: inspector-app catalog import resources/catalogue/catalogue.json")
        return 0
    print("\n\n".join(_edition_text(e, c, k, with_kinds=with_kinds) for e, c, k in tree))
    return 0


def _flags(kind: ProductKindSummary) -> str:
    ccc = f"CCC:{kind.ccc_code}" if kind.needs_ccc and kind.ccc_code else "CCC" if kind.needs_ccc else "-"
    xk = "XK" if kind.needs_xk else "-"
    sc = "SC" if kind.needs_sc else "-"
    return f"{xk:<2} {ccc:<8} {sc:<2}"


def _edition_text(
    edition: EditionSummary,
    categories: list[CategorySummary],
    kinds: list[ProductKindSummary],
    *,
    with_kinds: bool,
) -> str:
    issued = edition.issued_on.isoformat() if edition.issued_on else "-"
    lines = [
        f"{edition.code}  {edition.name}",
        f"  发布 issued {issued}  导入 imported {edition.imported_at:%Y-%m-%d %H:%M} UTC",
        f"  合计 total: {edition.categories} 类别 categories, {edition.product_kinds} 产品种类 product kinds, "
        f"{edition.inspection_items} 检验项目 inspection items",
    ]
    for domain in edition.domains:
        lines.append(
            f"    {_DOMAIN_WORDS.get(domain.domain, domain.domain)}: {domain.categories} 类别 categories, "
            f"{domain.product_kinds} 产品种类 kinds, {domain.inspection_items} 检验项目 items"
        )
    by_category: dict[str, list[ProductKindSummary]] = {}
    for kind in kinds:
        by_category.setdefault(kind.category_code, []).append(kind)
    for category in categories:
        lines.append(
            f"  {category.code}  {category.name}  [{category.domain}]  "
            f"{category.product_kinds} 种 kinds, {category.inspection_items} 项 items"
        )
        if with_kinds:
            lines.extend(
                f"      {kind.code:<12} {_flags(kind)}  {kind.name}"
                f"  （风险 risk {kind.risk_level}，检验项目 items {kind.inspection_items}）"
                for kind in by_category.get(category.code, [])
            )
    return "\n".join(lines)


def _edition_json(
    edition: EditionSummary,
    categories: list[CategorySummary],
    kinds: list[ProductKindSummary],
    *,
    with_kinds: bool,
) -> dict[str, Any]:
    by_category: dict[str, list[ProductKindSummary]] = {}
    for kind in kinds:
        by_category.setdefault(kind.category_code, []).append(kind)
    category_documents = []
    for category in categories:
        document: dict[str, Any] = {
            "code": category.code,
            "name": category.name,
            "domain": category.domain,
            "sort_order": category.sort_order,
            "product_kinds": category.product_kinds,
            "inspection_items": category.inspection_items,
        }
        if with_kinds:
            document["kinds"] = [
                {
                    "code": kind.code,
                    "name": kind.name,
                    "needs_xk": kind.needs_xk,
                    "needs_ccc": kind.needs_ccc,
                    "needs_sc": kind.needs_sc,
                    "ccc_code": kind.ccc_code,
                    "risk_level": kind.risk_level,
                    "sample_quantity": kind.sample_quantity,
                    "backup_quantity": kind.backup_quantity,
                    "quantity_unit": kind.quantity_unit,
                    "standards": list(kind.standards),
                    "inspection_items": kind.inspection_items,
                }
                for kind in by_category.get(category.code, [])
            ]
        category_documents.append(document)
    return {
        "code": edition.code,
        "name": edition.name,
        "issued_on": edition.issued_on.isoformat() if edition.issued_on else None,
        "source": edition.source,
        "imported_at": edition.imported_at.isoformat(),
        "categories_count": edition.categories,
        "product_kinds_count": edition.product_kinds,
        "inspection_items_count": edition.inspection_items,
        "domains": [
            {
                "domain": d.domain,
                "categories": d.categories,
                "product_kinds": d.product_kinds,
                "inspection_items": d.inspection_items,
            }
            for d in edition.domains
        ],
        "categories": category_documents,
    }
