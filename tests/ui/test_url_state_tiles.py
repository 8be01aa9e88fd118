"""A shared link cannot point every visitor's browser at any tile server (issue 20, item 6):
a link's custom tile URL loads by itself only from a host on the administrator's allow-list
(``YRDMAP_TILE_HOSTS``); any other host waits for the user to choose 自定义 XYZ 瓦片."""
from __future__ import annotations

import pytest

from layers.basemaps import allowed_tile_hosts, link_tiles_allowed, tile_host
from ui.url_state import Vocabulary, decode

VOCAB = Vocabulary(layers=("rail",), status={}, basemaps=("offline", "osm", "custom"),
                   province=int, city=int)


@pytest.mark.parametrize("url", ["https://evil.example/{z}/{x}/{y}.png",
                                 "http://127.0.0.1:5432/{z}/{x}/{y}",
                                 "http://user:pw@tiles.gov.internal@evil.example/{z}/{x}/{y}"])
def test_link_to_an_unlisted_host_needs_confirmation(monkeypatch, url):
    monkeypatch.setenv("YRDMAP_TILE_HOSTS", "tiles.gov.internal")
    state, issues = decode({"base": "custom", "tiles": url}, VOCAB)
    assert state.basemap == "offline"                    # nothing is loaded from it
    assert state.tiles == url                            # it waits in the custom-tiles box
    assert [(i.code, i.value) for i in issues] == [("app.warn_tiles_unconfirmed", tile_host(url))]


def test_link_to_an_allow_listed_host_loads(monkeypatch):
    monkeypatch.setenv("YRDMAP_TILE_HOSTS", "Tiles.Gov.Internal:8080, other.host")
    url = "http://tiles.gov.internal:8080/{z}/{x}/{y}.png"
    state, issues = decode({"base": "custom", "tiles": url}, VOCAB)
    assert (state.basemap, state.tiles, issues) == ("custom", url, [])


def test_bad_tile_url_in_a_link_is_dropped():
    state, issues = decode({"base": "custom", "tiles": "javascript:alert(1)//{z}{x}{y}"}, VOCAB)
    assert (state.basemap, state.tiles) == ("offline", "")
    assert issues[0].code == "app.warn_unknown_value" and issues[0].param == "tiles"


def test_tiles_without_custom_basemap_are_ignored():
    state, issues = decode({"base": "osm", "tiles": "https://evil.example/{z}/{x}/{y}"}, VOCAB)
    assert (state.basemap, state.tiles, issues) == ("osm", "", [])


def test_host_parsing_never_keeps_credentials():
    assert tile_host("http://a:b@x.example:81/{z}") == "x.example:81"
    assert not link_tiles_allowed("not a url", frozenset({""}))
    assert allowed_tile_hosts("") == frozenset()


def test_the_warning_is_translated():
    from geo.i18n import t

    assert "自定义 XYZ 瓦片" in t("app.warn_tiles_unconfirmed", "zh", k="tiles", v="evil.example")
    assert "evil.example" in t("app.warn_tiles_unconfirmed", "en", k="tiles", v="evil.example")
