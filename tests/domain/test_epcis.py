"""EPCIS 2.0 mapping of scan events."""

from __future__ import annotations

import datetime as dt

from inspector_app.domain.epcis import ScanEventFacts, digital_link, epcis_document, is_object_event, object_event


def facts(**changes: object) -> ScanEventFacts:
    values: dict[str, object] = {
        "event_id": "01937d2c-0000-7000-8000-000000000001",
        "occurred_at_utc": dt.datetime(2026, 11, 27, 2, 30),
        "utc_offset_minutes": 480,
        "gtin": "06901234567892",
        "batch": None,
        "serial": None,
        "raw_code": "6901234567892",
        "biz_step": "inspecting",
        "disposition": None,
        "place_name": "市场",
        "place_address": "",
        "latitude": 39.9,
        "longitude": 116.4,
        "device_id": "abc",
        "outcome": "green",
    }
    values.update(changes)
    return ScanEventFacts(**values)  # type: ignore[arg-type]


def test_digital_link_prefers_serial_and_escapes() -> None:
    assert digital_link("06901234567892", "A/1", "S 2") == "https://id.gs1.org/01/06901234567892/21/S%202"
    assert digital_link("06901234567892", "A/1") == "https://id.gs1.org/01/06901234567892/10/A%2F1"


def test_object_event_local_time_and_location() -> None:
    event = object_event(facts(disposition="recalled", serial="X1"))
    assert is_object_event(event)
    assert event["eventTime"] == "2026-11-27T10:30:00.000+08:00"
    assert event["disposition"] == "recalled"
    assert event["epcList"] == ["https://id.gs1.org/01/06901234567892/21/X1"]
    assert event["inspector:place"]["geo"] == "geo:39.9,116.4"


def test_negative_offset_and_code_without_gtin() -> None:
    event = object_event(facts(utc_offset_minutes=-330, gtin=None))
    assert event["eventTimeZoneOffset"] == "-05:30"
    assert event["epcList"] == []


def test_document_wraps_events() -> None:
    document = epcis_document([facts()], dt.datetime(2026, 11, 27, tzinfo=dt.UTC))
    assert document["schemaVersion"] == "2.0"
    assert len(document["epcisBody"]["eventList"]) == 1
