"""SOURCE_DATE_EPOCH -> the build's clock: the time a reproducible build stamps into its files.

A leaf module, importing nothing of studyguide's: the settings, the cache, the layouts and the
formats all read the same clock without importing one another.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH, the time reproducible builds stamp into their files, when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else None


def build_time() -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = source_date_epoch()
    if epoch is not None:
        return datetime.fromtimestamp(epoch, tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)
