"""Temporary alias: the office calendar lives in :mod:`engine.working_time`.

This name shadowed the standard library's ``calendar``. It stays only for ``engine/services/reports.py``,
which is being split into a package right now; delete this file once that import reads
``engine.working_time``.
"""

from engine.working_time import OfficeCalendar

__all__ = ["OfficeCalendar"]
