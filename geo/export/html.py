"""Standalone HTML: the interactive map as one ``.html`` that opens from disk with no network.

The web map's page (folium, built by the app's own map function) loads
Leaflet, its plugins and their stylesheets from the app's ``static/`` folder.
:func:`standalone_html` inlines every one of them — scripts into ``<script>``,
stylesheets into ``<style>``, and the images stylesheets point at as ``data:``
URIs — so the file needs neither the app nor the internet. Afterwards
:func:`external_references` must find nothing but the tile URLs the user chose
(none with the default offline basemap), or :class:`ExportError` is raised and
no file is written.

This module takes rendered HTML (or any object with ``get_root().render()``,
such as a ``folium.Map``); it imports neither folium nor streamlit.
"""
from __future__ import annotations

import base64
import mimetypes
import os
import re
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from pathlib import Path

from geo.export._atomic import ExportError, atomic_path

__all__ = ["standalone_html", "write_html", "external_references", "KNOWN_LITERALS"]

#: URLs that occur as text in the page and load nothing: XML namespaces, Leaflet's
#: credit link, a comment in folium's MeasureControl script.
KNOWN_LITERALS = ("http://www.w3.org/", "https://leafletjs.com",
                  "https://github.com/ljagis/leaflet-measure/issues/")
#: marks the blocks inlined from vendored files (their comments cite project sites)
VENDORED = "/* vendored: "
_VENDORED_BLOCK = re.compile(r"<(script|style)>" + re.escape(VENDORED) + r".*?</\1>", re.DOTALL)
_SCRIPT_SRC = re.compile(r"<script\b([^>]*?)\bsrc\s*=\s*([\"'])(.*?)\2([^>]*)>\s*</script\s*>",
                         re.IGNORECASE | re.DOTALL)
_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_HREF = re.compile(r"\bhref\s*=\s*([\"'])(.*?)\1", re.IGNORECASE | re.DOTALL)
_CSS_URL = re.compile(r"url\(\s*([\"']?)([^\"')]+)\1\s*\)", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*[\"']?([^\"');\s]+)", re.IGNORECASE)
_URL = re.compile(r"(?:https?:)?//[A-Za-z0-9{][^\s\"'<>()\\]*")
#: a JavaScript string literal ("…", '…' or `…`)
_JS_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`(?:[^`\\]|\\.)*`', re.DOTALL)
_SCRIPT_BODY = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_OBJECT_KEY = re.compile(r"""["']?([A-Za-z_$][\w$]*)["']?\s*:\s*$""")
_RESOURCE_KEY = re.compile(r"(?i)(url|src|href|uri|tiles?|image|icon)$")
#: a reference inside markup held in a string (``<img src="…">``, ``url(…)``)
_MARKUP_REF = re.compile(r"""(?i)\b(?:src|href|srcset|poster|background|data)\s*=\s*\\?["']?\s*"""
                         r"""((?:https?:)?//[^\s"'<>\\]+)|url\(\s*\\?["']?((?:https?:)?//[^\s"'<>()\\]+)""")


def _default_roots() -> dict:
    from geo.paths import STATIC_URL, static_dir

    root = static_dir()
    return {STATIC_URL: root, "/app/static": root, "app/static": root}


def _local_file(url: str, roots: Mapping[str, Path]) -> Path | None:
    clean = url.split("?", 1)[0].split("#", 1)[0]
    for prefix in sorted(roots, key=len, reverse=True):
        p = prefix.rstrip("/") + "/"
        if clean.startswith(p):
            path = (Path(roots[prefix]) / clean[len(p):]).resolve()
            root = Path(roots[prefix]).resolve()
            if root in path.parents and path.is_file():
                return path
    return None


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(css: str, css_path: Path) -> str:
    def repl(m: re.Match) -> str:
        ref = m.group(2).strip()
        if ref.startswith(("data:", "#")):
            return m.group(0)
        target = (css_path.parent / ref.split("?", 1)[0].split("#", 1)[0]).resolve()
        if not target.is_file():
            return "url(data:,)"  # a missing optional image: draw nothing, fetch nothing
        return f"url({_data_uri(target)})"

    return _CSS_URL.sub(repl, css)


def _render(source) -> str:
    if isinstance(source, str):
        return source
    if hasattr(source, "get_root"):
        return source.get_root().render()
    raise TypeError(f"expected HTML text or a folium Map, got {type(source).__name__}")


def standalone_html(source, *, roots: Mapping[str, Path] | None = None,
                    allow: Iterable[str] = ()) -> str:
    """Inline every script and stylesheet of ``source``; return the HTML text.

    Parameters
    ----------
    source : HTML text, or an object with ``get_root().render()`` (a folium Map).
    roots : URL prefix → folder the prefix is served from (default: the app's
        ``static/`` under every prefix the map uses).
    allow : URLs (or URL prefixes) that may stay external: the tile URL templates of
        the basemap the user picked and the links in its attribution.

    Raises
    ------
    ExportError naming the first reference that is neither inlined nor allowed.
    """
    html = _render(source)
    roots = _default_roots() if roots is None else dict(roots)
    missing: list[str] = []

    def script(m: re.Match) -> str:
        path = _local_file(m.group(3), roots)
        if path is None:
            missing.append(m.group(3))
            return m.group(0)
        code = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
        return f"<script>{VENDORED}{path.name} */\n{code}\n</script>"

    def link(m: re.Match) -> str:
        tag = m.group(0)
        if not re.search(r"\brel\s*=\s*[\"']?stylesheet", tag, re.IGNORECASE):
            return tag
        href = _HREF.search(tag)
        path = _local_file(href.group(2), roots) if href else None
        if path is None:
            missing.append(href.group(2) if href else tag)
            return tag
        css = _inline_css(path.read_text(encoding="utf-8"), path).replace("</style", "<\\/style")
        return f"<style>{VENDORED}{path.name} */\n{css}\n</style>"

    html = _SCRIPT_SRC.sub(script, html)
    html = _LINK.sub(link, html)
    refs = [r for r in external_references(html) if not r.startswith(tuple(allow))]
    if missing or refs:
        first = (missing or refs)[0]
        raise ExportError(f"the map loads {first!r}, which has no local copy to inline; "
                          "vendor it under static/ (see layers/assets.py)")
    return html


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self._in = None
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "srcset", "data", "poster", "background"):
            if a.get(key):
                self.refs.append(a[key])
        if tag == "link" and a.get("href"):
            self.refs.append(a["href"])
        if a.get("style"):
            self.texts.append(a["style"])
        self._in = tag if tag in ("style", "script") else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "style":
            self.texts.append(data)


def _script_refs(code: str) -> list[str]:
    """URLs a page script would fetch: in its code, in string literals used as a URL (a call's
    first argument, an assignment, an object member named like ``url``/``src``/``tiles``/
    ``iconUrl``), and in ``src=``/``url()`` inside markup held in strings (template literals,
    call arguments). Text that is data — an object member not named like a resource (an
    item's ``label``, its escaped ``tip``), an array element — is not a reference, even when
    it spells a URL: the app's map data carries user text only there.

    >>> _script_refs('L.tileLayer("https://t.x/{z}/{x}/{y}.png", {"attribution": "ok"});')
    ['https://t.x/{z}/{x}/{y}.png']
    >>> _script_refs('var data = {"f": [["a", {"label": "http://evil.example/x.js"}]]};')
    []
    >>> _script_refs('L.icon({"iconUrl": "https://cdn.x/i.png"}); m.bindTooltip(`<img src="//c.x/a.png">`)')
    ['https://cdn.x/i.png', '//c.x/a.png']
    """
    refs: list[str] = []
    outside, last = [], 0
    for m in _JS_STRING.finditer(code):
        outside.append(code[last:m.start()])
        last = m.end()
        body = m.group(0)[1:-1]
        before = code[max(0, m.start() - 80):m.start()].rstrip()
        key = _OBJECT_KEY.search(before)
        if key and not _RESOURCE_KEY.search(key.group(1)):
            continue                             # a data member (label, tip, name …): item text
        if m.group(0).startswith("`") or body.lstrip().startswith(("<", "\\u003c")):
            as_url = False                       # markup: only its src=/url() load anything
        elif key:
            as_url = True                        # url:, src:, iconUrl:, tiles: …
        else:
            as_url = not before.endswith(("[", ",", "+", "?", "|", "&"))
        if as_url:
            refs += [u.group(0) for u in _URL.finditer(body) if u.start() == 0 or body[:u.start()].isspace()]
        refs += [u.group(1) or u.group(2) for u in _MARKUP_REF.finditer(body)]
    outside.append(code[last:])
    refs += [u.group(0) for u in _URL.finditer("".join(outside))]
    return refs


def external_references(html: str) -> list[str]:
    """Everything in ``html`` that a browser would fetch from outside the file.

    Looks at resource attributes (``src``, ``link href`` …), CSS ``url()`` and
    ``@import`` everywhere, and at the URLs the page's own scripts use (see
    :func:`_script_refs`: escaped item text is data, never a reference) except
    :data:`KNOWN_LITERALS` (namespaces and credit links that load nothing). Blocks inlined from vendored files (marked
    :data:`VENDORED`) are checked for resources but not for URLs in their
    comments. ``data:`` URIs and in-page anchors are not references.

    Examples
    --------
    >>> external_references('<script src="https://cdn.x/leaflet.js"></script><p>ok</p>')
    ['https://cdn.x/leaflet.js']
    >>> external_references('<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    []
    """
    parser = _Refs()
    parser.feed(html)
    refs = [r.strip() for r in parser.refs]
    for text in parser.texts:
        refs += [m.group(2).strip() for m in _CSS_URL.finditer(text)]
        refs += [m.group(1).strip() for m in _CSS_IMPORT.finditer(text)]
    for m in _SCRIPT_BODY.finditer(_VENDORED_BLOCK.sub("", html)):
        refs += _script_refs(m.group(1))
    out = []
    for r in refs:
        if not r or r.startswith(("data:", "#", "about:", "javascript:void")):
            continue
        if r.startswith(KNOWN_LITERALS):
            continue
        if r.startswith("//") and not re.match(r"^//([A-Za-z0-9-]+|\{s\})\.[A-Za-z]", r):
            continue  # a JS comment, not a protocol-relative URL
        if r not in out:
            out.append(r)
    return out


def write_html(source, path: str | os.PathLike, *, title: str | None = None,
               roots: Mapping[str, Path] | None = None, allow: Iterable[str] = ()) -> Path:
    """Write the standalone HTML of ``source`` to ``path`` atomically (UTF-8).

    ``title`` replaces the page's ``<title>`` (folium leaves it empty). See
    :func:`standalone_html` for ``roots`` and ``allow``.
    """
    text = standalone_html(source, roots=roots, allow=allow)
    if title:
        import html as _html

        tag = f"<title>{_html.escape(title)}</title>"
        text, n = re.subn(r"<title>.*?</title>", tag, text, count=1, flags=re.DOTALL)
        if not n:
            text = re.sub(r"<head>", "<head>\n" + tag, text, count=1)
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)
