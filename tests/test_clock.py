"""SOURCE_DATE_EPOCH -> the build's clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from studyguide.clock import build_time, source_date_epoch


def test_the_build_time_is_source_date_epoch_or_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764403200")
    assert build_time() == datetime(2025, 11, 29, 8, tzinfo=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")
    assert source_date_epoch() is None
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert abs((build_time() - datetime.now(tz=UTC)).total_seconds()) < 5
