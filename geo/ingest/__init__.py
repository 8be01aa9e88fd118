"""Bring your own projects: read, check and import lists and GIS files.

One module per concern: :mod:`~geo.ingest.readers` (formats),
:mod:`~geo.ingest.encoding` (UTF-8 / GBK detection), :mod:`~geo.ingest.locate`
(lon/lat, WKT and region columns), :mod:`~geo.ingest.fields` (headers and
values), :mod:`~geo.ingest.coords` (CRS, GCJ-02, per-row flags),
:mod:`~geo.ingest.validate` (the checks), :mod:`~geo.ingest.report` (the
report), :mod:`~geo.ingest.safety` (limits, hostile archives),
:mod:`~geo.ingest.pipeline` (check, then import into the store,
:mod:`geo.store`). No streamlit here.
"""
from geo.ingest.pipeline import check_bytes, check_file, import_file
from geo.ingest.report import ERROR, WARNING, IngestError, Issue, Report
from geo.ingest.safety import Limits, safe_filename

__all__ = ["check_file", "import_file", "check_bytes", "Report", "Issue", "IngestError",
           "Limits", "safe_filename", "ERROR", "WARNING"]
