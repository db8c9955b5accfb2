"""KPI monitor: figures indexed to the base year (= 100), difference-in-difference, target and chart."""

from decimal import Decimal

import pytest

from mijlpalen.charts import trend_chart
from mijlpalen.models import Indicator
from mijlpalen.queries import kpi_reeks
from tests.factories.mijlpalen import IndicatorFactory, MetingFactory

pytestmark = pytest.mark.django_db


def _metingen(indicator, buurt, buurt_waarden, vergelijking_waarden):
    for jaar, waarde in buurt_waarden.items():
        MetingFactory(indicator=indicator, buurt=buurt, jaar=jaar, waarde=Decimal(waarde))
    for jaar, waarde in vergelijking_waarden.items():
        MetingFactory(indicator=indicator, buurt=buurt, groep="vergelijking", jaar=jaar, waarde=Decimal(waarde))


def test_index_and_difference_in_difference_meet_a_lower_is_better_target(buurt):
    indicator = IndicatorFactory(doel_percentage=Decimal("-15"))
    _metingen(indicator, buurt, {2024: "50", 2027: "40"}, {2024: "80", 2027: "84"})
    reeks = kpi_reeks(indicator, buurt)
    laatste = reeks["rijen"][-1]
    assert (laatste["index_buurt"], laatste["index_vergelijking"]) == (Decimal("80.0"), Decimal("105.0"))
    assert reeks["laatste_did"] == Decimal("-25.0")
    assert reeks["doel_gehaald"] is True


def test_higher_is_better_target_not_met(buurt):
    indicator = IndicatorFactory(richting=Indicator.Richting.HOGER_IS_BETER, doel_percentage=Decimal("10"))
    _metingen(indicator, buurt, {2024: "100", 2025: "105"}, {2024: "100", 2025: "100"})
    reeks = kpi_reeks(indicator, buurt)
    assert reeks["laatste_did"] == Decimal("5.0")
    assert reeks["doel_gehaald"] is False


def test_without_baseline_there_is_no_index(buurt):
    indicator = IndicatorFactory()
    _metingen(indicator, buurt, {2025: "10"}, {})
    reeks = kpi_reeks(indicator, buurt)
    assert reeks["rijen"][0]["index_buurt"] is None
    assert reeks["doel_gehaald"] is None
    assert trend_chart(reeks, indicator) is None


def test_chart_places_base_year_at_index_100_for_both_groups(buurt):
    indicator = IndicatorFactory()
    _metingen(indicator, buurt, {2024: "62", 2026: "54.1"}, {2024: "60.5", 2026: "59.8"})
    chart = trend_chart(kpi_reeks(indicator, buurt), indicator)
    y100 = [t["y"] for t in chart["y_ticks"] if t["label"] == 100][0]
    assert chart["buurt"]["markers"][0]["y"] == y100 == chart["vergelijking"]["markers"][0]["y"]
    assert chart["buurt"]["markers"][1]["y"] > chart["vergelijking"]["markers"][1]["y"]  # lower index is lower
    assert [t["label"] for t in chart["x_ticks"]] == [2024, 2025, 2026, 2027]
