"""The GB/T 2260 region table: the shipped file, the lookups, and the parser's refusals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import numdb

from inspector_app.domain.errors import ImportFileError
from inspector_app.domain.regions import RegionLevel, Regions

SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "regions" / "gb2260.csv"
# Created in 2021 (Hangzhou's districts were redrawn); python-stdnum's division list predates them.
NEWER_THAN_STDNUM = {"330113": "临平区", "330114": "钱塘区"}


@pytest.fixture(scope="module")
def regions() -> Regions:
    return Regions.parse(SHIPPED.read_text(encoding="utf-8"))


def test_all_31_provinces(regions: Regions) -> None:
    provinces = regions.provinces()
    assert len(provinces) == 31
    assert {p.code[:2] for p in provinces} == {
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
        "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    }  # fmt: skip
    assert regions.name("650000") == "新疆维吾尔自治区"


@pytest.mark.parametrize(
    ("code", "name", "full_name"),
    [
        ("110101", "东城区", "北京市东城区"),
        ("110105", "朝阳区", "北京市朝阳区"),
        ("110108", "海淀区", "北京市海淀区"),
        ("310115", "浦东新区", "上海市浦东新区"),
        ("440305", "南山区", "广东省深圳市南山区"),
        ("330106", "西湖区", "浙江省杭州市西湖区"),
        ("420106", "武昌区", "湖北省武汉市武昌区"),
        ("330782", "义乌市", "浙江省金华市义乌市"),
        ("500101", "万州区", "重庆市万州区"),
    ],
)
def test_known_codes(regions: Regions, code: str, name: str, full_name: str) -> None:
    assert regions.name(code) == name
    assert regions.full_name(code) == full_name
    region = regions.get(code)
    assert region is not None and region.level is RegionLevel.COUNTY


def test_every_code_is_a_real_division_with_its_real_name(regions: Regions) -> None:
    """Checked against python-stdnum's bundled GB/T 2260 list: the code exists there, currently, by this name."""
    for region in regions:
        if region.code in NEWER_THAN_STDNUM:
            assert region.name == NEWER_THAN_STDNUM[region.code]
            continue
        info = numdb.get("cn/loc").info(region.code)
        names = {props.get("county") or props.get("province") for _, props in info[1:] if props}
        current = set()
        for text in names:
            for period in (text or "").split(","):
                match = re.fullmatch(r"(?:\[(\d*)-(\d*)\])?(.+)", period)
                assert match
                if not match.group(2):
                    current.add(match.group(3))
        assert region.name in current, (region.code, region.name, names)


def test_hierarchy_is_consistent(regions: Regions) -> None:
    for region in regions:
        chain = regions.chain(region.code)
        assert chain[-1] == region
        assert chain[0].level is RegionLevel.PROVINCE
        assert all(r.code[:2] == region.code[:2] for r in chain)
    counties = regions.counties()
    assert len(counties) >= 250
    assert all(regions.prefecture_of(c.code) is not None for c in counties)
    assert {c.code[:2] for c in counties} == {p.code[:2] for p in regions.provinces()}


def test_lookups(regions: Regions) -> None:
    assert regions.province_of("330106") == regions.get("330000")
    assert regions.prefecture_of("330106") == regions.get("330100")
    assert regions.prefecture_of("330000") is None
    assert regions.short_name("330100") == "杭州"
    assert regions.short_name("450000") == "广西"
    assert regions.short_name("310115") == "浦东"
    assert regions.short_name("410104") == "管城"
    assert regions.name("999999") is None
    assert regions.full_name("999999") is None
    assert regions.province_of("9") is None
    assert "110101" in regions and "110100" in regions
    assert regions.full_name("110100") == "北京市"  # 市辖区 is not part of a postal name
    assert {c.code[:2] for c in regions.counties("33")} == {"33"}


HEADER = "code,name,level,parent\n"


def _errors(text: str) -> list[tuple[int, str]]:
    with pytest.raises(ImportFileError) as raised:
        Regions.parse(text)
    return [(error.line, error.reason) for error in raised.value.errors]


def test_every_bad_line_is_reported_at_once() -> None:
    text = HEADER + (
        "330000,浙江省,province,\n"
        "330100,杭州市,prefecture,330000\n"
        "33010,短码,county,330100\n"  # 4: five digits
        "330106,西湖区,district,330100\n"  # 5: unknown level
        "330108,,county,330100\n"  # 6: no name
        "330106,西湖区,county,330100\n"  # 7: fine
        "330106,西湖区,county,330100\n"  # 8: duplicate
        "330109,萧山区,county,330200\n"  # 9: unknown parent
        "440100,广州市,prefecture,330000\n"  # 10: parent in another province
        "330200,宁波市,county,330106\n"  # 11: parent not higher
        "320000,江苏省,province,330000\n"  # 12: province with a parent
        "330101,市辖区,county\n"  # 13: three columns
    )
    lines = [line for line, _ in _errors(text)]
    assert lines == [4, 5, 6, 8, 12, 13, 9, 10, 11]


def test_header_is_required() -> None:
    assert _errors("330000,浙江省,province,\n")[0][0] == 1
    assert _errors("")[0][0] == 1


def test_bom_and_blank_lines_are_accepted() -> None:
    parsed = Regions.parse("\ufeff" + HEADER + "\n330000,浙江省,province,\n\n")
    assert len(parsed) == 1


@given(st.text())
def test_any_text_gives_a_table_or_an_import_error(text: str) -> None:
    try:
        parsed = Regions.parse(text)
    except ImportFileError as exc:
        assert exc.errors
    else:
        assert all(len(region.code) == 6 for region in parsed)


@given(
    st.lists(
        st.tuples(
            st.from_regex(r"\d{6}", fullmatch=True),
            st.text(min_size=0, max_size=5),
            st.sampled_from(["province", "prefecture", "county", "x"]),
            st.from_regex(r"\d{0,6}", fullmatch=True),
        ),
        max_size=8,
    )
)
def test_near_valid_tables_parse_or_fail_cleanly(rows: list[tuple[str, str, str, str]]) -> None:
    text = HEADER + "".join(f"{code},{name},{level},{parent}\n" for code, name, level, parent in rows)
    try:
        parsed = Regions.parse(text)
    except ImportFileError as exc:
        assert exc.errors
    else:
        for region in parsed:
            assert region.parent is None or region.parent in parsed
