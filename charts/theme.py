"""Colours, fonts and matplotlib rc settings of the light and dark chart themes."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from matplotlib import font_manager

from charts.chart_data import ThemeName
from charts.labels import LEVEL_IDS as LEVEL_IDS  # level ids; names are ChartLabels.level_names
from facts import LEVEL_PERCENTILES as LEVEL_PERCENTILES_BY_ID

# Latin text always uses DejaVu Sans (shipped with matplotlib, so renders are identical on every
# machine); the first installed CJK font fills in glyphs DejaVu lacks, e.g. Korean exercise names.
BASE_FONT = "DejaVu Sans"
CJK_FONTS = ("Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "Malgun Gothic", "AppleGothic")
# The percentile each level (LEVEL_IDS order) starts at, for the percentile chart's bands.
LEVEL_PERCENTILES = tuple(LEVEL_PERCENTILES_BY_ID[level] for level in LEVEL_IDS)


@dataclass(frozen=True)
class Theme:
    """The colours one theme paints with."""

    background: str
    text: str
    muted: str
    grid: str
    points: str
    trend: str
    pr: str
    bars: str
    band_colors: tuple[str, str, str, str, str]
    band_alpha: float


THEMES: dict[str, Theme] = {
    "light": Theme(
        background="#ffffff",
        text="#1f2328",
        muted="#59636e",
        grid="#d8dee4",
        points="#0969da",
        trend="#0a3069",
        pr="#e3a008",
        bars="#0969da",
        band_colors=("#8c959f", "#2da44e", "#0969da", "#8250df", "#d4a72c"),
        band_alpha=0.13,
    ),
    "dark": Theme(
        background="#0d1117",
        text="#e6edf3",
        muted="#9198a1",
        grid="#30363d",
        points="#58a6ff",
        trend="#cae8ff",
        pr="#f2cc60",
        bars="#58a6ff",
        band_colors=("#8b949e", "#3fb950", "#58a6ff", "#bc8cff", "#e3b341"),
        band_alpha=0.12,
    ),
}


def get_theme(name: ThemeName) -> Theme:
    """Return the theme called `name` or raise ValueError listing the allowed names."""
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {name!r}") from None


@functools.cache
def font_families() -> tuple[str, ...]:
    """Return DejaVu Sans followed by the first installed CJK fallback font, if any."""
    for name in CJK_FONTS:
        try:
            font_manager.findfont(name, fallback_to_default=False)
        except ValueError:
            continue
        return (BASE_FONT, name)
    return (BASE_FONT,)


def rc_params(theme: Theme) -> dict[str, Any]:
    """Return the rc settings every chart renders under (fonts, colours, sizes)."""
    return {
        "font.family": list(font_families()),
        "font.size": 10.0,
        "axes.titlesize": 11.0,
        "axes.labelsize": 10.0,
        "xtick.labelsize": 9.5,
        "ytick.labelsize": 9.5,
        "legend.fontsize": 9.0,
        "text.color": theme.text,
        "axes.labelcolor": theme.muted,
        "axes.edgecolor": theme.grid,
        "axes.facecolor": theme.background,
        "axes.linewidth": 0.8,
        "axes.grid": True,
        "axes.axisbelow": True,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "grid.color": theme.grid,
        "grid.linewidth": 0.6,
        "xtick.color": theme.muted,
        "ytick.color": theme.muted,
        "xtick.major.size": 0.0,
        "ytick.major.size": 0.0,
        "figure.facecolor": theme.background,
        "savefig.facecolor": theme.background,
        "legend.frameon": False,
        "lines.antialiased": True,
        "path.simplify": True,
        "axes.unicode_minus": True,
    }
