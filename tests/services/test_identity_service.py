"""Inspector profiles, passwords, login with lockout, the second inspector and the demo credentials, on real SQLite."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from inspector_app.domain.errors import (
    AccountLockedError,
    AuthenticationError,
    DemoDataError,
    InspectorProfileError,
    NotFoundError,
    SameInspectorError,
)
from inspector_app.security.passwords import Argon2Parameters, hash_password, verify_password
from inspector_app.services.demo_service import generate_demo_data
from inspector_app.services.identity_service import (
    DEMO_PASSWORD,
    LOCKOUT,
    MAX_FAILED_ATTEMPTS,
    IdentityService,
    InspectorProfile,
    InspectorSession,
    ensure_demo_credentials,
)
from inspector_app.services.workspace import Workspace, open_workspace
from inspector_app.storage.models import Inspector, InspectorCredential

FAST = Argon2Parameters(time_cost=1, memory_cost=8, parallelism=1)
START = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: dt.datetime = START) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(workspace: Workspace, clock: Clock) -> IdentityService:
    return IdentityService(workspace.database, clock=clock, password_parameters=FAST)


@pytest.fixture
def two(service: IdentityService) -> tuple[InspectorProfile, InspectorProfile]:
    first = service.create_inspector("张伟", "33010200001", "杭州市上城区市场监督管理局", password="first-pass")
    second = service.create_inspector(
        "李娜", "33010200002", "杭州市上城区市场监督管理局", "supervisor", password="second-pass"
    )
    return first, second


def _credential(workspace: Workspace, inspector_id: int) -> InspectorCredential:
    with workspace.database.session() as session:
        credential = session.get(InspectorCredential, inspector_id)
        assert credential is not None
        return credential


# --- profiles -------------------------------------------------------------------------------------------------


def test_two_distinct_inspectors_are_stored_and_listed(
    service: IdentityService, two: tuple[InspectorProfile, InspectorProfile], workspace: Workspace
) -> None:
    first, second = two
    assert first.id != second.id
    assert (first.name, first.badge_number, first.role, first.has_password) == (
        "张伟",
        "33010200001",
        "inspector",
        True,
    )
    assert second.role == "supervisor"
    assert service.list_inspectors() == [first, second]
    assert service.profile(second.id) == second
    assert service.find_by_badge(" 33010200002 ") == second
    assert service.find_by_badge("nobody") is None
    with pytest.raises(NotFoundError):
        service.profile(999)
    stored = _credential(workspace, first.id)
    assert stored.password_hash.startswith("$argon2id$") and "first-pass" not in stored.password_hash
    assert stored.failed_attempts == 0


def test_badge_numbers_are_unique(service: IdentityService, two: tuple[InspectorProfile, InspectorProfile]) -> None:
    with pytest.raises(InspectorProfileError) as raised:
        service.create_inspector("王芳", " 33010200001 ", password="another-pass")
    assert raised.value.field == "badge_number"
    assert "已被使用" in raised.value.message_zh and "already in use" in raised.value.message_en
    assert len(service.list_inspectors()) == 2


@pytest.mark.parametrize(
    ("password", "accepted"),
    [("", False), ("1234567", False), ("12345678", True), ("密码密码密码密码", True), ("x" * 257, False)],
)
def test_password_rules(service: IdentityService, password: str, accepted: bool) -> None:
    if accepted:
        assert service.create_inspector("赵敏", "B1", password=password).has_password
        assert service.login("B1", password).badge_number == "B1"
        return
    with pytest.raises(InspectorProfileError) as raised:
        service.create_inspector("赵敏", "B1", password=password)
    assert raised.value.field == "password"
    assert "密码" in raised.value.message_zh and "password" in raised.value.message_en.lower()
    assert service.list_inspectors() == []


@pytest.mark.parametrize(
    ("profile", "field"),
    [
        (("  ", "B1", "", "inspector"), "name"),
        (("名" * 61, "B1", "", "inspector"), "name"),
        (("赵敏", "", "", "inspector"), "badge_number"),
        (("赵敏", "B 1", "", "inspector"), "badge_number"),
        (("赵敏", "B\x071", "", "inspector"), "badge_number"),
        (("赵敏", "B1", "局" * 201, "inspector"), "unit"),
        (("赵敏", "B1", "", "boss"), "role"),
    ],
)
def test_bad_profiles_are_refused(service: IdentityService, profile: tuple[str, str, str, str], field: str) -> None:
    name, badge, unit, role = profile
    with pytest.raises(InspectorProfileError) as raised:
        service.create_inspector(name, badge, unit, role, password="good-password")
    assert raised.value.field == field
    assert raised.value.message_zh != raised.value.message_en


# --- login ----------------------------------------------------------------------------------------------------


def test_login_gives_a_frozen_session(service: IdentityService, two: tuple[InspectorProfile, InspectorProfile]) -> None:
    first, _second = two
    session = service.login(" 33010200001 ", "first-pass")
    assert session == InspectorSession(
        inspector_id=first.id,
        name="张伟",
        badge_number="33010200001",
        unit="杭州市上城区市场监督管理局",
        role="inspector",
        logged_in_at=START,
    )
    with pytest.raises(AttributeError):
        session.name = "someone else"  # type: ignore[misc]


def test_wrong_password_and_unknown_badge_say_the_same(
    service: IdentityService, two: tuple[InspectorProfile, InspectorProfile], workspace: Workspace
) -> None:
    with workspace.database.session() as session:
        session.add(Inspector(badge_number="HQ-ONLY", name="钱七", unit="", role="inspector"))  # from HQ, no password
    errors = []
    for badge, password in [("33010200001", "second-pass"), ("99999999999", "first-pass"), ("HQ-ONLY", "whatever!")]:
        with pytest.raises(AuthenticationError) as raised:
            service.login(badge, password)
        assert not isinstance(raised.value, AccountLockedError)
        errors.append((raised.value.message_zh, raised.value.message_en))
    assert len(set(errors)) == 1
    assert errors[0] == ("执法证号或密码不正确。", "The badge number or the password is wrong.")


def test_five_wrong_passwords_lock_the_badge_for_five_minutes(
    service: IdentityService, two: tuple[InspectorProfile, InspectorProfile], workspace: Workspace, clock: Clock
) -> None:
    first, second = two
    for attempt in range(1, MAX_FAILED_ATTEMPTS):
        with pytest.raises(AuthenticationError) as raised:
            service.login("33010200001", "wrong-password")
        assert not isinstance(raised.value, AccountLockedError)
        assert _credential(workspace, first.id).failed_attempts == attempt
        clock.advance(seconds=10)
    with pytest.raises(AccountLockedError) as locked:
        service.login("33010200001", "wrong-password")
    assert locked.value.retry_after_seconds == 300
    assert "锁定" in locked.value.message_zh and "5 minute" in locked.value.message_en

    clock.advance(minutes=4, seconds=30)
    with pytest.raises(AccountLockedError) as still:
        service.login("33010200001", "first-pass")  # even the right password waits
    assert still.value.retry_after_seconds == 30
    assert "1 分钟" in still.value.message_zh

    assert service.login("33010200002", "second-pass").inspector_id == second.id  # others are not affected

    clock.advance(seconds=31)
    assert service.login("33010200001", "first-pass").inspector_id == first.id
    assert _credential(workspace, first.id).failed_attempts == 0


def test_the_lock_survives_a_restart(
    service: IdentityService, two: tuple[InspectorProfile, InspectorProfile], workspace: Workspace, clock: Clock
) -> None:
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(AuthenticationError):
            service.login("33010200001", "wrong-password")
    with pytest.raises(AccountLockedError):
        service.login("33010200001", "wrong-password")
    restarted = IdentityService(workspace.database, clock=clock, password_parameters=FAST)
    with pytest.raises(AccountLockedError):
        restarted.login("33010200001", "first-pass")


def test_a_good_login_resets_the_count(
    service: IdentityService, two: tuple[InspectorProfile, InspectorProfile]
) -> None:
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(AuthenticationError):
            service.login("33010200001", "wrong-password")
    service.login("33010200001", "first-pass")
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(AuthenticationError) as raised:
            service.login("33010200001", "wrong-password")
        assert not isinstance(raised.value, AccountLockedError)


def test_after_the_lock_a_wrong_password_starts_a_new_count(
    service: IdentityService, two: tuple[InspectorProfile, InspectorProfile], workspace: Workspace, clock: Clock
) -> None:
    first, _second = two
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(AuthenticationError):
            service.login("33010200001", "wrong-password")
    with pytest.raises(AccountLockedError):
        service.login("33010200001", "wrong-password")
    clock.advance(seconds=LOCKOUT.total_seconds())
    with pytest.raises(AuthenticationError) as raised:
        service.login("33010200001", "wrong-password")
    assert not isinstance(raised.value, AccountLockedError)
    assert _credential(workspace, first.id).failed_attempts == 1


def test_a_clock_turned_back_does_not_stretch_the_lock(
    service: IdentityService, two: tuple[InspectorProfile, InspectorProfile], clock: Clock
) -> None:
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(AuthenticationError):
            service.login("33010200001", "wrong-password")
    with pytest.raises(AccountLockedError):
        service.login("33010200001", "wrong-password")
    clock.advance(days=-1)  # someone fixes (or fiddles with) the clock
    with pytest.raises(AccountLockedError) as raised:
        service.login("33010200001", "first-pass")
    assert raised.value.retry_after_seconds == 300  # locked from now, not for a day and five minutes
    clock.advance(minutes=5)
    assert service.login("33010200001", "first-pass").badge_number == "33010200001"


def test_unknown_badges_lock_the_same_way(service: IdentityService, clock: Clock) -> None:
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(AuthenticationError) as raised:
            service.login("NO-SUCH-BADGE", "a-password")
        assert not isinstance(raised.value, AccountLockedError)
    with pytest.raises(AccountLockedError):
        service.login("NO-SUCH-BADGE", "a-password")
    with pytest.raises(AccountLockedError):
        service.login("NO-SUCH-BADGE", "a-password")
    clock.advance(minutes=5)
    with pytest.raises(AuthenticationError) as later:
        service.login("NO-SUCH-BADGE", "a-password")
    assert not isinstance(later.value, AccountLockedError)


def test_set_password_replaces_the_old_one_and_lifts_a_lock(
    service: IdentityService, two: tuple[InspectorProfile, InspectorProfile]
) -> None:
    first, _second = two
    for _ in range(MAX_FAILED_ATTEMPTS):
        with pytest.raises(AuthenticationError):
            service.login("33010200001", "wrong-password")
    service.set_password(first.id, "brand-new-pass")
    assert service.login("33010200001", "brand-new-pass").inspector_id == first.id
    with pytest.raises(AuthenticationError):
        service.login("33010200001", "first-pass")
    with pytest.raises(InspectorProfileError):
        service.set_password(first.id, "short")
    with pytest.raises(NotFoundError):
        service.set_password(999, "long-enough-pass")


def test_set_password_gives_an_hq_profile_its_first_password(service: IdentityService, workspace: Workspace) -> None:
    with workspace.database.session() as session:
        inspector = Inspector(badge_number="HQ-1", name="孙八", unit="", role="inspector")
        session.add(inspector)
        session.flush()
        inspector_id = inspector.id
    assert service.profile(inspector_id).has_password is False
    service.set_password(inspector_id, "first-time-pass")
    assert service.profile(inspector_id).has_password is True
    assert service.login("HQ-1", "first-time-pass").inspector_id == inspector_id


def test_a_deactivated_inspector_cannot_log_in(
    service: IdentityService, two: tuple[InspectorProfile, InspectorProfile], workspace: Workspace
) -> None:
    first, _second = two
    with workspace.database.session() as session:
        row = session.get(Inspector, first.id)
        assert row is not None
        row.active = False
    with pytest.raises(AuthenticationError) as wrong:
        service.login("33010200001", "wrong-password")
    assert wrong.value.message_en == "The badge number or the password is wrong."  # nothing more to a guesser
    with pytest.raises(AuthenticationError) as right:
        service.login("33010200001", "first-pass")
    assert "停用" in right.value.message_zh and "deactivated" in right.value.message_en


def test_old_hashes_are_upgraded_at_login(workspace: Workspace, clock: Clock) -> None:
    cheap = IdentityService(workspace.database, clock=clock, password_parameters=FAST)
    profile = cheap.create_inspector("周九", "B9", password="upgrade-me")
    assert _credential(workspace, profile.id).password_hash.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    IdentityService(workspace.database, clock=clock).login("B9", "upgrade-me")
    upgraded = _credential(workspace, profile.id).password_hash
    assert upgraded.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert verify_password("upgrade-me", upgraded)


def test_the_clock_must_be_aware(workspace: Workspace) -> None:
    naive = IdentityService(workspace.database, clock=lambda: dt.datetime(2026, 1, 1), password_parameters=FAST)
    with pytest.raises(ValueError, match="aware"):
        naive.login("B1", "password")


# --- the second inspector -------------------------------------------------------------------------------------


def test_second_inspector_confirms_with_own_password(
    service: IdentityService, two: tuple[InspectorProfile, InspectorProfile]
) -> None:
    first_session = service.login("33010200001", "first-pass")
    second_session = service.confirm_second_inspector(first_session, "33010200002", "second-pass")
    assert second_session.inspector_id == two[1].id
    assert second_session.inspector_id != first_session.inspector_id


def test_the_first_inspector_cannot_confirm_twice(
    service: IdentityService, two: tuple[InspectorProfile, InspectorProfile]
) -> None:
    first_session = service.login("33010200001", "first-pass")
    with pytest.raises(SameInspectorError) as raised:
        service.confirm_second_inspector(first_session, " 33010200001", "first-pass")
    assert "两名不同的执法人员" in raised.value.message_zh and "two different" in raised.value.message_en


def test_second_inspector_with_a_wrong_password_is_refused(
    service: IdentityService, two: tuple[InspectorProfile, InspectorProfile]
) -> None:
    first_session = service.login("33010200001", "first-pass")
    with pytest.raises(AuthenticationError):
        service.confirm_second_inspector(first_session, "33010200002", "first-pass")


# --- demo credentials -----------------------------------------------------------------------------------------


@pytest.fixture
def demo_workspace(tmp_path: Path) -> Iterator[Workspace]:
    opened = open_workspace(tmp_path / "data" / "demo")
    yield opened
    opened.close()


def test_demo_inspectors_get_the_demo_password(demo_workspace: Workspace, clock: Clock) -> None:
    with demo_workspace.database.session() as session:
        session.add_all(
            [
                Inspector(id=1, badge_number="D1", name="甲", unit="", role="admin"),
                Inspector(id=2, badge_number="D2", name="乙", unit="", role="inspector", active=False),
                Inspector(id=3, badge_number="D3", name="丙", unit="", role="inspector"),
                Inspector(id=4, badge_number="D4", name="丁", unit="", role="inspector"),
            ]
        )
    assert ensure_demo_credentials(demo_workspace.database, FAST) == ["D1", "D3"]  # active ones only
    service = IdentityService(demo_workspace.database, clock=clock, password_parameters=FAST)
    first = service.login("D1", DEMO_PASSWORD)
    assert service.confirm_second_inspector(first, "D3", DEMO_PASSWORD).badge_number == "D3"
    assert [profile.has_password for profile in service.list_inspectors()] == [True, False, True, False]

    service.set_password(first.inspector_id, "changed-by-user")
    before = _credential(demo_workspace, 3).password_hash
    assert ensure_demo_credentials(demo_workspace.database, FAST) == ["D1", "D3"]
    assert _credential(demo_workspace, 3).password_hash == before  # idempotent
    assert service.login("D1", "changed-by-user").badge_number == "D1"  # a password set later is kept


def test_demo_credentials_on_generated_demo_data(demo_workspace: Workspace, clock: Clock) -> None:
    generate_demo_data(demo_workspace.database, 1)
    badges = ensure_demo_credentials(demo_workspace.database, FAST)
    with demo_workspace.database.session() as session:
        expected = session.scalars(
            select(Inspector.badge_number).where(Inspector.active.is_(True)).order_by(Inspector.id).limit(2)
        ).all()
    assert badges == list(expected) and len(badges) == 2
    service = IdentityService(demo_workspace.database, clock=clock, password_parameters=FAST)
    assert service.login(badges[0], DEMO_PASSWORD).badge_number == badges[0]
    assert service.login(badges[1], DEMO_PASSWORD).badge_number == badges[1]


def test_demo_credentials_only_in_the_demo_workspace(workspace: Workspace) -> None:
    with workspace.database.session() as session:
        session.add(Inspector(badge_number="REAL-1", name="真", unit="", role="inspector"))
    with pytest.raises(DemoDataError) as raised:
        ensure_demo_credentials(workspace.database, FAST)
    assert raised.value.reason == "not_demo_workspace"
    with workspace.database.session() as session:
        assert session.scalars(select(InspectorCredential)).all() == []


def test_demo_password_is_long_enough_for_the_rules() -> None:
    assert verify_password(DEMO_PASSWORD, hash_password(DEMO_PASSWORD, FAST))
    assert len(DEMO_PASSWORD) >= 8
