"""The validation report: one :class:`Issue` per problem, collected in a :class:`Report`.

An issue names the row (as the user sees it: the spreadsheet row, header = 1, or
the feature's 1-based position), the field (the file's own column name), the
value, the reason and what would be accepted. ``error`` issues block the whole
import; ``warning`` issues (a repaired geometry, a defaulted field) do not.
Values are shown with :func:`repr`, so control characters and terminal escapes
in hostile input are printed escaped, never executed.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from geo.errors import YrdmapError

__all__ = ["ERROR", "WARNING", "Issue", "Report", "IngestError", "Msg", "msg", "in_lang"]

ERROR = "error"
WARNING = "warning"
_MAX_VALUE = 80


class Msg(str):
    """A report text that knows its key in the string table (``geo/strings/ingest.toml``).

    It *is* the English text (so CLI lines, JSON and logs are unchanged) and
    :func:`in_lang` renders it in Chinese for the Chinese UI.

    >>> m = msg("ingest.empty_file")
    >>> str(m), in_lang(m, "zh")
    ('file is empty', '文件为空')
    """

    key: str
    params: dict

    def __new__(cls, key: str, params: dict):
        from geo.i18n import t

        self = super().__new__(cls, t(key, "en", **params))
        self.key, self.params = key, params
        return self

    def __reduce__(self):
        return (Msg, (self.key, self.params))

    def __deepcopy__(self, memo):
        return self


def msg(key: str, **params) -> Msg:
    """The report text ``key`` (``"ingest.<name>"``) with its placeholders filled."""
    return Msg(key, params)


def in_lang(text, lang: str) -> str:
    """``text`` in ``lang`` when it is a :class:`Msg`; other text as it is."""
    if isinstance(text, Msg):
        from geo.i18n import t

        params = {k: (in_lang(v, lang) if isinstance(v, Msg) else v) for k, v in text.params.items()}
        return t(text.key, lang, **params)
    return "" if text is None else str(text)


def _printable(text: str) -> str:
    """``text`` with every non-printable character (ESC, NUL, newlines …) escaped."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"


@dataclass(frozen=True)
class Issue:
    """One problem found in the input.

    Parameters
    ----------
    severity : ``"error"`` or ``"warning"``.
    row : row number as the user sees it, or ``None`` for the whole file.
    field : the file's column name (or ``"geometry"``, ``"file"``), or ``None``.
    value : the offending value (shown with ``repr``), or ``None``.
    reason : what is wrong.
    accepted : what would be accepted instead (empty when nothing is to change).

    Examples
    --------
    >>> Issue("error", 3, "经度", "12134.5", "not a longitude in degrees",
    ...       "WGS84 degrees 114–124").line()
    "error: row 3: 经度 = '12134.5': not a longitude in degrees; accepted: WGS84 degrees 114–124"
    """

    severity: str
    row: int | None
    field: str | None
    value: object
    reason: str
    accepted: str = ""

    def line(self) -> str:
        """The report line: ``severity: row N: field = value: reason; accepted: …``."""
        if self.row is None and self.field in (None, "file"):
            head = "file" if self.value is None else f"file {_show(self.value)}"
            text = f"{self.severity}: {head}: {_printable(self.reason)}"
        else:
            parts = [f"{self.severity}: " + ("file" if self.row is None else f"row {self.row}")]
            if self.field is not None:
                name = _printable(self.field)
                parts.append(name if self.value is None else f"{name} = {_show(self.value)}")
            text = ": ".join(parts) + f": {_printable(self.reason)}"
        return text + (f"; accepted: {_printable(self.accepted)}" if self.accepted else "")

    def to_dict(self) -> dict:
        out = asdict(self)
        out["value"] = None if self.value is None else _json_value(self.value)
        out["reason"], out["accepted"] = str(self.reason), str(self.accepted)
        return out

    def reason_in(self, lang: str) -> str:
        """The reason in ``lang`` (Chinese for the Chinese UI, where the table has it)."""
        return _printable(in_lang(self.reason, lang))

    def accepted_in(self, lang: str) -> str:
        return _printable(in_lang(self.accepted, lang))


def _json_value(value):
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return str(value)


class IngestError(YrdmapError, ValueError):
    """A file-level problem that stops reading (too large, unsafe zip, undecodable …)."""

    def __init__(self, reason: str, accepted: str = "", *, field: str | None = "file",
                 value=None, row: int | None = None):
        self.issue = Issue(ERROR, row, field, value, reason, accepted)
        super().__init__(self.issue.line())


@dataclass
class Report:
    """All issues of one import, in the order found, plus what was read.

    ``ok`` is true when there is no error; then ``items`` holds the features
    ready for the store.
    """

    source: str = ""
    format: str = ""
    encoding: str | None = None
    crs: str | None = None
    datum: str = "wgs84"
    rows: int = 0
    issues: list[Issue] = field(default_factory=list)
    imported: int = 0
    dry_run: bool = False

    def add(self, severity: str, row, field_, value, reason: str, accepted: str = "") -> None:
        self.issues.append(Issue(severity, row, field_, value, reason, accepted))

    def error(self, row, field_, value, reason: str, accepted: str = "") -> None:
        self.add(ERROR, row, field_, value, reason, accepted)

    def warning(self, row, field_, value, reason: str, accepted: str = "") -> None:
        self.add(WARNING, row, field_, value, reason, accepted)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Issue]:
        """Issues by row (file-level first), errors before warnings within a row."""
        return sorted(self.issues, key=lambda i: (i.row is not None, i.row or 0,
                                                  i.severity != ERROR))

    def summary(self, lang: str = "en") -> str:
        """One line: the file, its format, encoding and rows, and the verdict (in ``lang``)."""
        from geo.i18n import t

        enc = f", {self.encoding}" if self.encoding else ""
        n_e, n_w = len(self.errors), len(self.warnings)
        what = t("ingest.summary_rows_one" if self.rows == 1 else "ingest.summary_rows", lang,
                 source=self.source, format=self.format or "?", encoding=enc, n=self.rows)
        if n_e:
            verdict = t("ingest.summary_refused", lang, e=n_e, w=n_w)
        elif self.dry_run:
            verdict = t("ingest.summary_dry", lang, w=n_w, n=self.rows)
        else:
            verdict = t("ingest.summary_done", lang, w=n_w, n=self.imported)
        return f"{what}{'：' if lang == 'zh' else ': '}{verdict}"

    def lines(self) -> list[str]:
        return [i.line() for i in self.sorted()] + [self.summary()]

    def to_dict(self) -> dict:
        return {
            "ok": self.ok, "source": self.source, "format": self.format,
            "encoding": self.encoding, "crs": self.crs, "datum": self.datum,
            "rows": self.rows, "errors": len(self.errors), "warnings": len(self.warnings),
            "imported": self.imported, "dry_run": self.dry_run,
            "issues": [i.to_dict() for i in self.sorted()],
        }
