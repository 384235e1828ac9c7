"""Who is acting: inspector profiles, their offline passwords, login, and the second inspector's confirmation.

Profiles are rows of the ``inspectors`` table (reference data that HQ will send later; profiles made here carry
``hq_seq`` 0). Passwords live in ``inspector_credentials`` as Argon2id hashes (``security.passwords``).

**Lockout.** After :data:`MAX_FAILED_ATTEMPTS` wrong passwords in a row a badge is locked for :data:`LOCKOUT`.
The count is ``inspector_credentials.failed_attempts``; while it is above zero, ``updated_at`` holds the time of the
last wrong attempt (otherwise the time the password was set). Keeping both in the database means that restarting
the workstation does not lift a lock. When the lock has run out, the next wrong password starts a new count at 1.
If the clock was turned back so far that the last failure lies in the future, the lock is restarted from now rather
than lasting until the clock catches up.

**Nothing about the badge leaks.** A wrong password, an unknown badge and a badge without a password give the same
message, take the same time (an unknown badge is checked against a dummy hash) and are locked the same way (unknown
badges are counted in memory).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from inspector_app.domain.errors import (
    AccountLockedError,
    AuthenticationError,
    DemoDataError,
    InspectorProfileError,
    NotFoundError,
    SameInspectorError,
)
from inspector_app.security.passwords import (
    DEFAULT_PARAMETERS,
    Argon2Parameters,
    hash_password,
    needs_rehash,
    verify_password,
)
from inspector_app.services.workspace import DEMO_SUBDIR
from inspector_app.storage.database import Database
from inspector_app.storage.models import Inspector, InspectorCredential

logger = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]

#: The password of the demo inspectors (demo workspace only; README names it).
DEMO_PASSWORD = "demo1234"
#: How many demo inspectors get :data:`DEMO_PASSWORD`: a spot check needs two.
DEMO_INSPECTOR_COUNT = 2

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256
MAX_FAILED_ATTEMPTS = 5
LOCKOUT = dt.timedelta(minutes=5)

ROLE_INSPECTOR = "inspector"
ROLE_SUPERVISOR = "supervisor"
ROLE_ADMIN = "admin"
ROLES = (ROLE_INSPECTOR, ROLE_SUPERVISOR, ROLE_ADMIN)

# Column sizes of the ``inspectors`` table.
_MAX_NAME = 60
_MAX_BADGE = 40
_MAX_UNIT = 200
# Unknown badges counted in memory; the oldest are forgotten beyond this many.
_MAX_UNKNOWN_BADGES = 1024


def local_now() -> dt.datetime:
    """The device's current time, aware, in its local zone."""
    return dt.datetime.now().astimezone()


@dataclass(frozen=True, slots=True)
class InspectorProfile:
    """An inspector as this workstation knows them."""

    id: int
    badge_number: str
    name: str
    unit: str
    role: str
    region_code: str | None
    active: bool
    has_password: bool


@dataclass(frozen=True, slots=True)
class InspectorSession:
    """A successful login (or a second inspector's confirmation): who, and when (aware local time)."""

    inspector_id: int
    name: str
    badge_number: str
    unit: str
    role: str
    logged_in_at: dt.datetime


@dataclass(slots=True)
class _FailureCount:
    attempts: int
    last: dt.datetime  # naive UTC, like the database column


class IdentityService:
    """Inspector profiles, passwords and offline login on one store.

    ``clock`` gives aware datetimes (tests pass a fixed one); ``password_parameters`` are the Argon2id costs for new
    hashes — stored hashes with other costs are re-hashed at their next successful login.
    """

    def __init__(
        self,
        database: Database,
        clock: Clock = local_now,
        password_parameters: Argon2Parameters = DEFAULT_PARAMETERS,
    ) -> None:
        self._database = database
        self._clock = clock
        self._parameters = password_parameters
        # Checked when a badge has no password, so that an unknown badge costs as much time as a known one; made
        # on first need, not here, so building the service never blocks the GUI thread.
        self._dummy_hash: str | None = None
        self._unknown_failures: OrderedDict[str, _FailureCount] = OrderedDict()
        self._lock = threading.Lock()

    # --- profiles -------------------------------------------------------------------------------------------

    def create_inspector(
        self,
        name: str,
        badge_number: str,
        unit: str = "",
        role: str = ROLE_INSPECTOR,
        *,
        password: str,
    ) -> InspectorProfile:
        """Add an inspector with a password. Raises ``InspectorProfileError`` for a bad field, a badge number already
        in use or a password that breaks the rules (:func:`check_password_rules`)."""
        name = " ".join(name.split())
        badge_number = normalize_badge(badge_number)
        unit = " ".join(unit.split())
        role = role.strip().lower()
        _check_profile(name, badge_number, unit, role)
        check_password_rules(password)
        password_hash = hash_password(password, self._parameters)
        now = self._utc_now()

        def work(session: Session) -> InspectorProfile:
            if session.scalar(select(Inspector.id).where(Inspector.badge_number == badge_number)) is not None:
                raise _badge_taken(badge_number)
            inspector = Inspector(badge_number=badge_number, name=name, unit=unit, role=role, active=True)
            session.add(inspector)
            session.flush()
            session.add(
                InspectorCredential(
                    inspector_id=inspector.id, password_hash=password_hash, updated_at=now, failed_attempts=0
                )
            )
            return _profile(inspector, has_password=True)

        try:
            profile = self._database.run(work)
        except IntegrityError as exc:  # another process added the same badge in between
            raise _badge_taken(badge_number) from exc
        logger.info("inspector %s (%s) created", profile.badge_number, profile.id)
        return profile

    def list_inspectors(self) -> list[InspectorProfile]:
        """Every inspector, active or not, by badge number."""

        def work(session: Session) -> list[InspectorProfile]:
            rows = session.execute(
                select(Inspector, InspectorCredential.inspector_id)
                .outerjoin(InspectorCredential, InspectorCredential.inspector_id == Inspector.id)
                .order_by(Inspector.badge_number)
            ).all()
            return [_profile(inspector, has_password=credential is not None) for inspector, credential in rows]

        return self._database.run(work)

    def profile(self, inspector_id: int) -> InspectorProfile:
        """One inspector; ``NotFoundError`` when there is none with that id."""

        def work(session: Session) -> InspectorProfile:
            inspector = session.get(Inspector, inspector_id)
            if inspector is None:
                raise _no_inspector(inspector_id)
            return _profile(inspector, has_password=session.get(InspectorCredential, inspector_id) is not None)

        return self._database.run(work)

    def find_by_badge(self, badge_number: str) -> InspectorProfile | None:
        """The inspector with this badge number, or ``None``."""
        badge_number = normalize_badge(badge_number)

        def work(session: Session) -> InspectorProfile | None:
            inspector = session.scalar(select(Inspector).where(Inspector.badge_number == badge_number))
            if inspector is None:
                return None
            return _profile(inspector, has_password=session.get(InspectorCredential, inspector.id) is not None)

        return self._database.run(work)

    def set_password(self, inspector_id: int, password: str) -> None:
        """Give an inspector a new password (replacing any old one). This also lifts a lockout.

        Raises ``NotFoundError`` for an unknown id and ``InspectorProfileError`` for a password breaking the rules.
        """
        check_password_rules(password)
        password_hash = hash_password(password, self._parameters)
        now = self._utc_now()

        def work(session: Session) -> None:
            if session.get(Inspector, inspector_id) is None:
                raise _no_inspector(inspector_id)
            credential = session.get(InspectorCredential, inspector_id)
            if credential is None:
                session.add(
                    InspectorCredential(
                        inspector_id=inspector_id, password_hash=password_hash, updated_at=now, failed_attempts=0
                    )
                )
            else:
                credential.password_hash = password_hash
                credential.updated_at = now
                credential.failed_attempts = 0

        self._database.run(work)
        logger.info("password of inspector %s set", inspector_id)

    # --- login ----------------------------------------------------------------------------------------------

    def login(self, badge_number: str, password: str) -> InspectorSession:
        """Check a badge number and password.

        Raises ``AuthenticationError`` (the same for a wrong password and an unknown badge), ``AccountLockedError``
        while the badge is locked after :data:`MAX_FAILED_ATTEMPTS` wrong passwords, and ``AuthenticationError``
        for a deactivated inspector (told only to someone who knows the password).
        """
        badge_number = normalize_badge(badge_number)
        now_local = self._clock()
        now = _to_utc_naive(now_local)
        outcome = self._check_login(badge_number, password, now)
        if outcome.kind == _UNKNOWN:
            self._fail_unknown(badge_number, password, now)
        if outcome.kind == _LOCKED:
            raise _locked_error(outcome.last_failure, now)
        if outcome.kind == _CHANGED:
            logger.warning("the password of badge %s changed during its check; refused", badge_number)
            raise _wrong_credentials()
        if outcome.kind == _INACTIVE:
            logger.warning("login refused: inspector %s is deactivated", badge_number)
            raise AuthenticationError(
                "该执法人员已停用，不能登录。请联系管理员。",
                "This inspector has been deactivated and cannot log in. Contact an administrator.",
            )
        if outcome.kind == _WRONG:
            logger.warning("wrong password for badge %s (%d in a row)", badge_number, outcome.failed_attempts)
            if outcome.failed_attempts >= MAX_FAILED_ATTEMPTS:
                raise _locked_error(outcome.last_failure, now)
            raise _wrong_credentials()
        inspector = outcome.inspector
        assert inspector is not None
        session = InspectorSession(
            inspector_id=inspector.id,
            name=inspector.name,
            badge_number=inspector.badge_number,
            unit=inspector.unit,
            role=inspector.role,
            logged_in_at=now_local,
        )
        logger.info("inspector %s logged in", session.badge_number)
        return session

    def confirm_second_inspector(self, first: InspectorSession, badge_number: str, password: str) -> InspectorSession:
        """The second inspector of a spot check confirms with their own badge and password on this workstation.

        Raises ``SameInspectorError`` when it is the first inspector again, and whatever :meth:`login` raises.
        """
        if normalize_badge(badge_number) == normalize_badge(first.badge_number):
            raise _same_inspector()
        second = self.login(badge_number, password)
        if second.inspector_id == first.inspector_id:
            raise _same_inspector()
        logger.info("inspector %s confirmed as second inspector of %s", second.badge_number, first.badge_number)
        return second

    # --- internals ------------------------------------------------------------------------------------------

    def _utc_now(self) -> dt.datetime:
        return _to_utc_naive(self._clock())

    def _check_login(self, badge_number: str, password: str, now: dt.datetime) -> _LoginOutcome:
        """The password check and the failure count, committed before the outcome is reported.

        The slow Argon2 work runs between two short transactions, so that no database lock is held (nor a read
        snapshot kept that another writer could make stale) for its duration.
        """
        snapshot = self._database.run(lambda session: _credential_snapshot(session, badge_number))
        if snapshot is None:
            return _LoginOutcome(_UNKNOWN)
        if _count_before(snapshot.failed_attempts, snapshot.updated_at, now) is None:
            return self._database.run(lambda session: _record_locked(session, snapshot.inspector.id, now))
        correct = verify_password(password, snapshot.password_hash)
        upgraded = (
            hash_password(password, self._parameters)
            if correct and needs_rehash(snapshot.password_hash, self._parameters)
            else None
        )

        def record(session: Session) -> _LoginOutcome:
            credential = session.get(InspectorCredential, snapshot.inspector.id)
            if credential is None or credential.password_hash != snapshot.password_hash:
                # The password was changed (or removed) during the check: the answer is about an old password.
                return _LoginOutcome(_CHANGED)
            count = _count_before(credential.failed_attempts, credential.updated_at, now)
            if count is None:  # another attempt locked the badge meanwhile
                return _record_locked(session, snapshot.inspector.id, now)
            if not correct:
                credential.failed_attempts = count + 1
                credential.updated_at = now
                return _LoginOutcome(_WRONG, failed_attempts=count + 1, last_failure=now)
            if credential.failed_attempts:
                credential.failed_attempts = 0
            if upgraded is not None:
                credential.password_hash = upgraded
                credential.updated_at = now
                logger.info("password hash of inspector %s upgraded", snapshot.inspector.id)
            if not snapshot.inspector.active:
                return _LoginOutcome(_INACTIVE)
            return _LoginOutcome(_OK, inspector=snapshot.inspector)

        return self._database.run(record)

    def _fail_unknown(self, badge_number: str, password: str, now: dt.datetime) -> NoReturn:
        """Behave as for a known badge with a wrong password: same time, same message, same lock."""
        with self._lock:
            known = self._unknown_failures.get(badge_number)
            count = 0 if known is None else _count_before(known.attempts, known.last, now)
            if count is None:
                assert known is not None
                known.last = min(known.last, now)
                raise _locked_error(known.last, now)
        with self._lock:
            if self._dummy_hash is None:
                self._dummy_hash = hash_password("unknown badge number", self._parameters)
            dummy_hash = self._dummy_hash
        verify_password(password, dummy_hash)  # costs what a real check costs
        with self._lock:
            self._unknown_failures[badge_number] = _FailureCount(count + 1, now)
            self._unknown_failures.move_to_end(badge_number)
            while len(self._unknown_failures) > _MAX_UNKNOWN_BADGES:
                self._unknown_failures.popitem(last=False)
        logger.warning("login with an unknown badge number or one without a password")
        if count + 1 >= MAX_FAILED_ATTEMPTS:
            raise _locked_error(now, now)
        raise _wrong_credentials()


_OK = "ok"
_UNKNOWN = "unknown"
_LOCKED = "locked"
_WRONG = "wrong"
_INACTIVE = "inactive"
_CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class _CredentialSnapshot:
    inspector: InspectorProfile
    password_hash: str
    failed_attempts: int
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class _LoginOutcome:
    kind: str
    inspector: InspectorProfile | None = None
    failed_attempts: int = 0
    last_failure: dt.datetime = dt.datetime.min


def _credential_snapshot(session: Session, badge_number: str) -> _CredentialSnapshot | None:
    row = session.execute(
        select(Inspector, InspectorCredential)
        .join(InspectorCredential, InspectorCredential.inspector_id == Inspector.id)
        .where(Inspector.badge_number == badge_number)
    ).first()
    if row is None:
        return None
    inspector, credential = row[0], row[1]
    return _CredentialSnapshot(
        _profile(inspector, has_password=True),
        credential.password_hash,
        credential.failed_attempts,
        credential.updated_at,
    )


def _record_locked(session: Session, inspector_id: int, now: dt.datetime) -> _LoginOutcome:
    """A locked outcome; if the clock went back past the last failure, the lock now counts from now."""
    credential = session.get(InspectorCredential, inspector_id)
    if credential is None:
        return _LoginOutcome(_CHANGED)
    credential.updated_at = min(credential.updated_at, now)
    return _LoginOutcome(_LOCKED, last_failure=credential.updated_at)


def _count_before(attempts: int, last: dt.datetime, now: dt.datetime) -> int | None:
    """``None`` while locked; otherwise the count of wrong attempts in a row that the next one adds to."""
    if attempts < MAX_FAILED_ATTEMPTS:
        return attempts
    if last > now or now - last < LOCKOUT:
        return None
    return 0  # the lock ran out: a fresh start


def _locked_error(last_failure: dt.datetime, now: dt.datetime) -> AccountLockedError:
    remaining = LOCKOUT - (now - min(last_failure, now))
    seconds = max(1, math.ceil(remaining.total_seconds()))
    minutes = math.ceil(seconds / 60)
    return AccountLockedError(
        seconds,
        f"密码连续错误 {MAX_FAILED_ATTEMPTS} 次，该执法证号已被锁定，请 {minutes} 分钟后再试。",
        f"{MAX_FAILED_ATTEMPTS} wrong passwords in a row: this badge number is locked. "
        f"Try again in {minutes} minute(s).",
    )


def normalize_badge(badge_number: str) -> str:
    """A badge number as stored and compared: surrounding spaces removed (case is kept, as HQ writes it)."""
    return badge_number.strip()


def check_password_rules(password: str) -> None:
    """Raise ``InspectorProfileError`` (field ``password``) unless ``password`` has 8 to 256 characters."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InspectorProfileError(
            "password",
            f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符。",
            f"The password needs at least {MIN_PASSWORD_LENGTH} characters.",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InspectorProfileError(
            "password",
            f"密码不能超过 {MAX_PASSWORD_LENGTH} 个字符。",
            f"The password may have at most {MAX_PASSWORD_LENGTH} characters.",
        )


def ensure_demo_credentials(
    database: Database, password_parameters: Argon2Parameters = DEFAULT_PARAMETERS
) -> list[str]:
    """Give the first two active demo inspectors the password :data:`DEMO_PASSWORD` if they have none.

    Returns their badge numbers (fewer when the store has fewer inspectors). Only the demo workspace (the ``demo``
    folder of the data directory) is touched: on any other store this raises ``DemoDataError``, because a known
    password on a real inspector would let anyone sign in their name.
    """
    if database.path.parent.name != DEMO_SUBDIR:
        raise DemoDataError(
            "not_demo_workspace",
            f"演示密码只用于演示工作区，{database.path.parent} 不是演示工作区",
            f"The demo password is only for the demo workspace; {database.path.parent} is not one",
        )

    def work(session: Session) -> list[str]:
        inspectors = session.scalars(
            select(Inspector).where(Inspector.active.is_(True)).order_by(Inspector.id).limit(DEMO_INSPECTOR_COUNT)
        ).all()
        now = _to_utc_naive(local_now())
        for inspector in inspectors:
            if session.get(InspectorCredential, inspector.id) is None:
                session.add(
                    InspectorCredential(
                        inspector_id=inspector.id,
                        password_hash=hash_password(DEMO_PASSWORD, password_parameters),
                        updated_at=now,
                        failed_attempts=0,
                    )
                )
                logger.info("demo password given to inspector %s", inspector.badge_number)
        return [inspector.badge_number for inspector in inspectors]

    return database.run(work)


def _profile(inspector: Inspector, *, has_password: bool) -> InspectorProfile:
    return InspectorProfile(
        id=inspector.id,
        badge_number=inspector.badge_number,
        name=inspector.name,
        unit=inspector.unit,
        role=inspector.role,
        region_code=inspector.region_code,
        active=inspector.active,
        has_password=has_password,
    )


def _check_profile(name: str, badge_number: str, unit: str, role: str) -> None:
    if not name:
        raise InspectorProfileError("name", "请填写姓名。", "The name is required.")
    if len(name) > _MAX_NAME:
        raise InspectorProfileError(
            "name", f"姓名不能超过 {_MAX_NAME} 个字符。", f"The name may have at most {_MAX_NAME} characters."
        )
    if not badge_number:
        raise InspectorProfileError("badge_number", "请填写执法证号。", "The badge number is required.")
    if len(badge_number) > _MAX_BADGE or any(character.isspace() for character in badge_number):
        raise InspectorProfileError(
            "badge_number",
            f"执法证号不能含空格，且不能超过 {_MAX_BADGE} 个字符。",
            f"The badge number may not contain spaces and may have at most {_MAX_BADGE} characters.",
        )
    if not badge_number.isprintable():
        raise InspectorProfileError(
            "badge_number", "执法证号含有不可打印的字符。", "The badge number contains unprintable characters."
        )
    if len(unit) > _MAX_UNIT:
        raise InspectorProfileError(
            "unit", f"单位名称不能超过 {_MAX_UNIT} 个字符。", f"The unit may have at most {_MAX_UNIT} characters."
        )
    if role not in ROLES:
        raise InspectorProfileError(
            "role",
            f"角色应为 {'、'.join(ROLES)} 之一。",
            f"The role must be one of {', '.join(ROLES)}.",
        )


def _badge_taken(badge_number: str) -> InspectorProfileError:
    return InspectorProfileError(
        "badge_number",
        f"执法证号 {badge_number} 已被使用。",
        f"The badge number {badge_number} is already in use.",
    )


def _no_inspector(inspector_id: int) -> NotFoundError:
    return NotFoundError(f"找不到编号为 {inspector_id} 的执法人员。", f"No inspector with id {inspector_id}.")


def _wrong_credentials() -> AuthenticationError:
    return AuthenticationError(
        "执法证号或密码不正确。",
        "The badge number or the password is wrong.",
    )


def _same_inspector() -> SameInspectorError:
    return SameInspectorError(
        "第二检查人员不能与第一检查人员为同一人，抽样须由两名不同的执法人员进行。",
        "The second inspector cannot be the first one again: sampling needs two different inspectors.",
    )


def _to_utc_naive(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("the clock must give aware datetimes")
    return moment.astimezone(dt.UTC).replace(tzinfo=None)
