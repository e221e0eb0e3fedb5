"""Charts without JavaScript: pygal renders an SVG on the server, shown as an image, always with the
same numbers in a table beside it (screen readers read the table; the image has a short alt text).

The SVG goes into an ``<img>`` (a data URI), so the script pygal puts inside it never runs and no
asset is loaded from anywhere.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import pygal
from pygal.style import Style

# The portal's palette (static/portal/css), readable on white and in grey print.
STYLE = Style(
    background="white", plot_background="white", foreground="#1f2933", foreground_strong="#1f2933",
    foreground_subtle="#cbd2d9", font_family="system-ui, sans-serif", label_font_size=13,
    major_label_font_size=13, legend_font_size=13, title_font_size=15, value_font_size=12,
    colors=("#1d4f91", "#d9822b", "#3f8f4f", "#8e3b46", "#6b7785"), opacity="1", opacity_hover="0.85",
)


@dataclass(frozen=True)
class Chart:
    """A bar chart and its table: ``rows`` are (category, one value per series)."""

    title: str
    category_label: str
    series_names: list[str]
    rows: list[tuple[str, list[int]]]
    svg: str

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()

    @property
    def is_empty(self) -> bool:
        return not any(value for _label, values in self.rows for value in values)


def chart_bar(*, title: str, category_label: str, categories: list[str],
              series: list[tuple[str, list[int]]], stacked: bool = False,
              horizontal: bool = False) -> Chart:
    """A (stacked) bar chart of ``series`` (name, one value per category) over ``categories``."""
    kind = {(False, False): pygal.Bar, (True, False): pygal.StackedBar,
            (False, True): pygal.HorizontalBar, (True, True): pygal.HorizontalStackedBar}
    chart = kind[(stacked, horizontal)](
        style=STYLE, js=[], disable_xml_declaration=True, width=720, height=360,
        legend_at_bottom=True, print_values=False, show_y_guides=True, min_scale=1, max_scale=6,
        value_formatter=lambda value: f"{int(value)}" if value is not None else "",
        no_data_text="Nincs adat",
    )
    chart.title = title
    # A horizontal chart draws its first category at the bottom; the table reads from the top.
    order = list(reversed(range(len(categories)))) if horizontal else list(range(len(categories)))
    chart.x_labels = [categories[index] for index in order]
    for name, values in series:
        chart.add(name, [values[index] for index in order])
    rows = [(category, [values[index] for _name, values in series])
            for index, category in enumerate(categories)]
    return Chart(title=title, category_label=category_label,
                 series_names=[name for name, _values in series], rows=rows,
                 svg=chart.render(is_unicode=True))
