"""The plan's 2025 targets (三、(三) 主要目标), as data.

Source: the YRD integration plan's 14th Five-Year implementation scheme
(2021-06-07), section 三(三) 主要目标 (``shared/seed/*.txt``). The project holds
map items, not statistical series, so it has no data to measure any of these:
every row is "target only / 仅目标" and there is deliberately no field for a
current value. The seed's "21万元" per-capita public spending is an OCR slip
for 2.1万元 (see ``shared/plan-catalog.md``) and "大福提升" one for 大幅提升;
``quote`` keeps the corrected text and the note says so.
Pure: no I/O, no streamlit.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from geo.errors import InputError, choice

__all__ = ["CLAUSE", "STATUS_ZH", "STATUS_EN", "Target", "TARGETS", "target_records"]

#: where the targets stand in the plan
CLAUSE = "三(三)"
#: every target's measurement status: the project has no data to measure them
STATUS_ZH = "仅目标"
STATUS_EN = "target only"


@dataclass(frozen=True)
class Target:
    """One 2025 target of the plan.

    ``value`` is the target figure (``None`` for a target the plan states in
    words only), ``op`` how it binds (``≤``, ``≥`` or ``=`` for "reach").
    """

    key: str
    indicator_zh: str
    indicator_en: str
    op: str
    value: float | None
    unit_zh: str
    unit_en: str
    quote: str
    note_zh: str = ""
    note_en: str = ""
    words_zh: str = ""  # a target stated in words only, zh
    words_en: str = ""  # … and en

    def __post_init__(self):
        if self.op not in ("≤", "≥", "=", ""):
            raise InputError(f"target {self.key!r}: op {self.op!r} is not one of ≤, ≥, =")
        if self.value is None and not (self.words_zh and self.words_en):
            raise InputError(f"target {self.key!r}: a target without a value needs words_zh "
                             "and words_en")
        if (self.value is None) != (self.op == ""):
            raise InputError(f"target {self.key!r}: a value needs an op and an op a value "
                             f"(value={self.value!r}, op={self.op!r})")

    def target_text(self, lang: str = "zh") -> str:
        """The target as a person reads it, e.g. ``≥ 3%`` or ``1.2:1``."""
        if self.value is None:
            return self.words_zh if lang == "zh" else self.words_en
        num = f"{self.value:g}"
        unit = self.unit_zh if lang == "zh" else self.unit_en
        text = f"{num}{unit}" if lang == "zh" or unit in ("%", ":1") else f"{num} {unit}"
        return text if self.op == "=" else f"{self.op} {text}"


TARGETS: tuple[Target, ...] = (
    Target("gdp_per_capita_gap", "中心区人均GDP与全域人均GDP差距",
           "Per-capita GDP, central area to whole region (ratio)", "≤", 1.2, ":1", ":1",
           "中心区人均GDP与全域人均GDP差距缩小到1.2:1"),
    Target("urbanisation", "常住人口城镇化率", "Urbanisation rate of the resident population",
           "=", 70.0, "%", "%", "常住人口城镇化率达到70%"),
    Target("rd_intensity", "研发投入强度", "R&D expenditure as a share of GDP", "≥", 3.0, "%",
           "%", "研发投入强度达到3%以上"),
    Target("rail_density", "铁路网密度", "Railway network density", "=", 507.0,
           "公里/万平方公里", "km per 10,000 km²", "铁路网密度达到507公里/万平方公里",
           note_zh="本图只含规划中的铁路项目而非全部路网，不能据此计算路网密度。",
           note_en="The map holds the plan's rail projects, not the whole network: the "
                   "density cannot be computed from it."),
    Target("good_air_days", "地级及以上城市空气质量优良天数比率",
           "Share of days with good air quality, prefecture-level cities and above", "≥",
           80.0, "%", "%", "地级及以上城市空气质量优良天数比率达到80%以上"),
    Target("cross_border_water", "跨界河流断面水质达标率",
           "Cross-border river sections meeting water-quality standards", "=", 80.0, "%", "%",
           "跨界河流断面水质达标率达到80%"),
    Target("energy", "能源利用效率", "Energy efficiency", "", None, "", "",
           "能源利用效率大幅提升，完成国家下达的“十四五”能耗双控目标",
           note_zh="原文“大福提升”为识别错误，应为“大幅提升”。",
           note_en="The seed text reads 大福提升, an OCR slip for 大幅提升.",
           words_zh="大幅提升，完成国家下达的“十四五”能耗双控目标",
           words_en="substantially higher; meet the national 14th FYP targets for total "
                    "energy use and energy intensity"),
    Target("public_spending", "人均公共财政支出", "Per-capita public fiscal expenditure", "=",
           2.1, "万元", "× 10,000 yuan", "人均公共财政支出达到2.1万元",
           note_zh="原文“21万元”为识别错误，应为“2.1万元”。",
           note_en="The seed text reads 21万元, an OCR slip for 2.1万元."),
    Target("schooling_years", "劳动年龄人口平均受教育年限",
           "Average years of schooling, working-age population", "=", 11.5, "年", "years",
           "劳动年龄人口平均受教育年限达到11.5年"),
    Target("life_expectancy", "人均期望寿命", "Life expectancy", "=", 79.0, "岁", "years",
           "人均期望寿命达到79岁"),
)


def target_records(lang: str = "zh") -> list[dict]:
    """The targets table as plain records: clause, indicator (zh and en), target
    text, value and unit, status "仅目标 / target only" — and no current value.

    Examples
    --------
    >>> rows = target_records()
    >>> len(rows), rows[2]["indicator_zh"], rows[2]["target"], rows[2]["status"]
    (10, '研发投入强度', '≥ 3%', '仅目标')
    >>> any("current" in k for k in rows[0])
    False
    """
    choice("lang", lang, ("zh", "en"))
    out = []
    for t in TARGETS:
        rec = asdict(t)
        rec.update(clause=CLAUSE, target=t.target_text(lang),
                   unit=t.unit_zh if lang == "zh" else t.unit_en,
                   status=STATUS_ZH if lang == "zh" else STATUS_EN,
                   status_zh=STATUS_ZH, status_en=STATUS_EN,
                   note=t.note_zh if lang == "zh" else t.note_en)
        out.append({k: rec[k] for k in ("key", "clause", "indicator_zh", "indicator_en",
                                        "target", "op", "value", "unit", "status",
                                        "status_zh", "status_en", "quote", "note")})
    return out
