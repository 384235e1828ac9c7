"""Parsing a page of reference changes: one table's page, a page mixing tables, a page with a bad row and a body
laid out differently all give the same changes as the plain wire model, rows typed where they validate."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from sync_data import USCC_A, USCC_B, alert_row, enterprise_row, trade_item_row

from inspector_app.sync.protocol import REFERENCE_ROW_MODELS, ReferenceChangePage, ReferenceTable, TradeItemRow
from inspector_app.sync.reference_apply import TypedChange, parse_reference_page

T = ReferenceTable


def _change(seq: int, table: ReferenceTable, key: str, row: dict[str, Any] | None) -> dict[str, Any]:
    return {"seq": seq, "table": table.value, "key": key, "op": "upsert" if row else "delete", "row": row}


def _body(changes: list[dict[str, Any]], *, compact: bool = True) -> bytes:
    page = {"changes": changes, "next_cursor": changes[-1]["seq"] if changes else 0, "has_more": False}
    page["high_water"] = page["next_cursor"]
    separators = (",", ":") if compact else (", ", ": ")
    return json.dumps(page, ensure_ascii=False, separators=separators).encode("utf-8")


def _plain(body: bytes) -> list[tuple[int, str, str, str, Any]]:
    page = ReferenceChangePage.model_validate_json(body)
    return [(c.seq, c.table.value, c.key, c.op.value, c.row) for c in page.changes]


def _parsed(body: bytes) -> list[tuple[int, str, str, str, Any]]:
    result = []
    for change in parse_reference_page(body).changes:
        row = change.row
        if isinstance(row, BaseModel):
            row = json.loads(row.model_dump_json(exclude_unset=True))
        result.append((change.seq, ReferenceTable(change.table).value, change.key, change.op.value, row))
    return result


def test_a_page_of_one_table_comes_typed() -> None:
    gtins = [f"0690123456{n:04d}" for n in range(50)]
    body = _body([_change(seq, T.TRADE_ITEMS, gtin, trade_item_row(gtin)) for seq, gtin in enumerate(gtins, 1)])
    page = parse_reference_page(body)
    assert all(isinstance(c, TypedChange) and isinstance(c.row, TradeItemRow) for c in page.changes)
    assert [c.key for c in page.changes] == gtins
    assert _parsed(body) == _plain(body)


def test_pages_that_mix_tables_or_hold_a_bad_row_or_spaces_give_the_same_changes() -> None:
    mixed = [
        _change(1, T.ENTERPRISES, USCC_A, enterprise_row(USCC_A)),
        _change(2, T.TRADE_ITEMS, "06901234567892", trade_item_row("06901234567892")),
        _change(3, T.ENTERPRISES, USCC_B, None),
        _change(4, T.RISK_ALERTS, "RC-1", alert_row("RC-1", "06901234567892")),
    ]
    bad_row = [
        _change(1, T.TRADE_ITEMS, "06901234567892", trade_item_row("06901234567892")),
        _change(2, T.TRADE_ITEMS, "bad", trade_item_row("not a gtin")),
    ]
    for body in (_body(mixed), _body(bad_row), _body(mixed, compact=False), _body(bad_row, compact=False)):
        assert _parsed(body) == _plain(body)
    typed = parse_reference_page(_body(mixed)).changes
    assert [type(c.row).__name__ for c in typed] == ["EnterpriseRow", "TradeItemRow", "NoneType", "RiskAlertRow"]
    # The bad row is left as it came, for the applier to skip and explain.
    assert not isinstance(parse_reference_page(_body(bad_row)).changes[1].row, BaseModel)


_ROWS = {
    T.ENTERPRISES: lambda n: (f"9135010000000{n:05d}", enterprise_row(f"9135010000000{n:05d}")),
    T.TRADE_ITEMS: lambda n: (f"0690000000{n:04d}", trade_item_row(f"0690000000{n:04d}")),
    T.RISK_ALERTS: lambda n: (f"RC-{n}", alert_row(f"RC-{n}", f"0690000000{n:04d}")),
}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(_ROWS)), st.integers(0, 9999), st.booleans()), max_size=30))
def test_any_sequence_of_tables_parses_like_the_wire_model(
    items: list[tuple[ReferenceTable, int, bool]],
) -> None:
    changes = []
    for seq, (table, number, delete) in enumerate(items, 1):
        key, row = _ROWS[table](number)
        changes.append(_change(seq, table, key, None if delete else row))
    body = _body(changes)
    assert _parsed(body) == _plain(body)
    assert set(REFERENCE_ROW_MODELS) >= set(_ROWS)
