"""Tracking the 清单: tracked state, edits with history, deadlines, the 督办 report.

- :mod:`~geo.tracking.fields` — the vocabulary (progress, percent, 责任单位, 完成时限,
  预期成果, note) and the checking of edits;
- :mod:`~geo.tracking.log` — the append-only edit record, the state derived from it,
  optimistic-version conflicts;
- :mod:`~geo.tracking.file_log`, :mod:`~geo.tracking.pg_log` — the log and accounts in
  the file store and in PostGIS;
- :mod:`~geo.tracking.service` — the one write path (authorise, check, append);
- :mod:`~geo.tracking.due` — overdue / due-soon lists; :mod:`~geo.tracking.report` —
  the 督办 report (XLSX, PDF).

Nothing here imports streamlit.
"""
from geo.tracking.fields import (DONE_PROGRESS, PROGRESS, TRACKED_FIELDS, TrackingError,
                                 check_changes, check_value, parse_assignments, progress_label)
from geo.tracking.log import Edit, EditConflict, current_state, item_versions

__all__ = ["PROGRESS", "DONE_PROGRESS", "TRACKED_FIELDS", "TrackingError", "check_value",
           "check_changes", "parse_assignments", "progress_label", "Edit", "EditConflict",
           "current_state", "item_versions"]
