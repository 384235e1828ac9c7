"""Constants shared by the login, confirmation and idle-lock tests."""

from __future__ import annotations

import datetime as dt

from inspector_app.security.passwords import Argon2Parameters

# Cheap hashing keeps the widget tests quick; the real parameters are tested in tests/security.
FAST = Argon2Parameters(time_cost=1, memory_cost=8, parallelism=1)
NOW = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))

FIRST_NAME, FIRST_BADGE, FIRST_PASSWORD = "谢霞", "33030500001", "first-pass"
SECOND_NAME, SECOND_BADGE, SECOND_PASSWORD = "罗伟", "33030500002", "second-pass"
