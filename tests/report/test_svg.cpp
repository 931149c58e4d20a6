#include <credo/report/svg.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace credo::report;

namespace svg_test {
std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}
}  // namespace svg_test

TEST_CASE("escape covers the five HTML specials") {
  CHECK(escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
}

TEST_CASE("Heckbert's nice numbers: 1, 2, 5 or 10 times a power of ten") {
  using credo::report::detail::nice_number;
  CHECK(nice_number(0.275, true) == doctest::Approx(0.2));   // f = 2.75 < 3
  CHECK(nice_number(0.35, true) == doctest::Approx(0.5));    // 3 <= f < 7
  CHECK(nice_number(7.5, true) == doctest::Approx(10));      // f >= 7
  CHECK(nice_number(1.2, false) == doctest::Approx(2));      // ceiling: the smallest not below
  CHECK(nice_number(340, false) == doctest::Approx(500));
}

TEST_CASE("a value axis holds every value with headroom and ends at nice ticks") {
  using credo::report::detail::value_axis;
  // Bars from a zero baseline up to 0.95 (a Wilson interval's end): no padding under 0, 5% over
  // the top (0.9975), a step of nice(0.9975 / 4) = 0.2, up to the next whole step (Heckbert's
  // loose labelling): 1.
  const auto bars = value_axis(0, 0.95, true, 5);
  CHECK(bars.lo == 0);
  CHECK(bars.hi == doctest::Approx(1.0));
  CHECK(bars.ticks.size() == 6);
  CHECK(bars.ticks.front() == 0);
  CHECK(bars.ticks.back() == doctest::Approx(bars.hi));
  // A line axis over [0, 1] (ROC): padded to [-0.05, 1.05], ticks 0, 0.2, ..., 1 inside.
  const auto line = value_axis(0, 1, false, 5);
  CHECK(line.lo == doctest::Approx(-0.05));
  CHECK(line.hi == doctest::Approx(1.05));
  REQUIRE(line.ticks.size() == 6);
  CHECK(line.ticks.front() == 0);
  CHECK(line.ticks.back() == doctest::Approx(1));
  // One value: an axis of its own around it, the value inside.
  const auto one = value_axis(5, 5, false, 5);
  CHECK(one.lo < 5);
  CHECK(one.hi > 5);
}

TEST_CASE("a narrow axis gets fewer ticks, so that its labels keep apart") {
  using namespace credo::report::detail;
  // 150 px for scores 12000 to 95000: at 7 ticks (a step of 10000) the labels "10000" (33 px
  // + 8 apart) would be 16 px apart; fitted_axis drops to a step whose labels fit.
  const auto wide = value_axis(12000, 95000, false, 7);
  CHECK((wide.ticks[1] - wide.ticks[0]) / (wide.hi - wide.lo) * 150 < text_width("10000", font_size) + 8);
  const auto a = fitted_axis(12000, 95000, false, 150, true);
  REQUIRE(a.ticks.size() >= 1);
  if (a.ticks.size() >= 2) {
    const double gap = (a.ticks[1] - a.ticks[0]) / (a.hi - a.lo) * 150;
    for (double t : a.ticks) CHECK(gap >= text_width(tick(t), font_size) + 8);
  }
  CHECK(a.ticks.size() < wide.ticks.size());
  // Stacked labels need only a line height: 240 px holds the 7-tick axis.
  CHECK(fitted_axis(0, 1, false, 240, false).ticks.size() >= 6);
}

TEST_CASE("text width estimate and shortened labels count characters, not bytes") {
  using namespace credo::report::detail;
  CHECK(text_width("abcd", 10) == doctest::Approx(24));
  CHECK(text_chars("\xC3\xA9t\xC3\xA9") == 3);  // "été"
  CHECK(shorten("critical/other existing credit", 10) == "critical/\xE2\x80\xA6");
  CHECK(shorten("short", 10) == "short");
}

TEST_CASE("a line chart: series paths inside the plot area, dashes and a legend outside it") {
  chart_frame f{"roc", "ROC <curve>", "false positive rate", "true positive rate"};
  const auto svg = line_chart(f, {{"model", {0, 0.2, 1}, {0, 0.7, 1}}, {"other", {0, 1}, {0, 1}, true}}, true);
  CHECK(svg.rfind("<svg class=\"credo-chart\" data-chart=\"roc\"", 0) == 0);
  CHECK(svg_test::count(svg, "<path class=\"mark series\"") == 2);
  CHECK(svg_test::count(svg, "stroke-dasharray=\"4 3\"") == 2);  // the dashed series and its legend line
  CHECK(svg.find("ROC &lt;curve&gt;") != std::string::npos);
  CHECK(svg.find("class=\"mark reference\"") != std::string::npos);
  CHECK(svg.find("<desc>Series model: 3 points: (0, 0) (0.2, 0.7) (1, 1). ") != std::string::npos);
  CHECK(svg_test::count(svg, "class=\"mark marker\"") == 5);  // few points: markers on every point
  CHECK(svg.find("<rect class=\"legend-box\"") != std::string::npos);
  // The plot area: the legend's one row ends the top at 28 + 16 + 8 = 52; 48 under it; the
  // left margin holds the widest y tick label "0.2" (3 x 6.6 px) after the axis label: 14 + 8 +
  // 19.8 + 8 = 49.8; 16 on the right. Axes from -0.05 to 1.05: (0, 0) sits 5/110 of the width
  // in from the left and as far up from the bottom.
  CHECK(svg.find("<rect class=\"plot-area\" x=\"49.8\" y=\"52\" width=\"454.2\" height=\"240\"") != std::string::npos);
  const double x0 = 49.8 + 454.2 * 0.05 / 1.1, y0 = 52 + 240 - 240 * 0.05 / 1.1;
  CHECK(svg.find("d=\"M" + credo::report::detail::px(x0) + "," + credo::report::detail::px(y0) + "L") !=
        std::string::npos);
}

TEST_CASE("a bar chart: one rect per category and series, hatching for the second, whiskers") {
  chart_frame f{"approval", "Approval by group", "group", "rate"};
  bar_series b{"approval rate", {0.5, 0.8}, {0.4, 0.7}, {0.6, 0.9}};
  bar_series c{"other", {0.3, 0.2}, {}, {}};
  const auto svg = bar_chart(f, {"female", "male"}, {b, c});
  CHECK(svg_test::count(svg, "<rect class=\"mark bar\"") == 4);
  CHECK(svg_test::count(svg, "<path class=\"mark whisker\"") == 2);
  CHECK(svg.find(">female<") != std::string::npos);
  CHECK(svg.find("<pattern id=\"credo-hatch-approval-1\"") != std::string::npos);
  CHECK(svg_test::count(svg, "fill=\"url(#credo-hatch-approval-1)\"") == 3);  // two bars and the legend swatch
  CHECK(svg.find("approval rate: female 0.5 (0.4 to 0.6); male 0.8 (0.7 to 0.9).") != std::string::npos);
  CHECK(svg.find("#0072B2") != std::string::npos);  // Okabe-Ito blue first
}

TEST_CASE("long category labels are turned and shortened, the full text in their title") {
  chart_frame f{"bins", "purpose", "bin", "rows"};
  const std::vector<std::string> cats{"{critical account, other credits existing}", "{delayed previously}", "{a}",
                                      "{existing paid}", "{all paid, no credits taken}", "{b}"};
  const auto svg = bar_line_chart(f, cats, {{"goods", {10, 20, 30, 40, 50, 60}, {}, {}}, {"bads", {5, 5, 5, 5, 5, 5}, {}, {}}},
                                  {"bad rate", {0.33, 0.2, 0.14, 0.11, 0.09, 0.08}, {}, {}}, "bad rate");
  CHECK(svg_test::count(svg, "transform=\"rotate(-45 ") == 6);
  CHECK(svg.find("<title>{critical account, other credits existing}</title>") != std::string::npos);
  CHECK(svg.find("\xE2\x80\xA6</text>") != std::string::npos);
  CHECK(svg_test::count(svg, "class=\"tick-y2\"") >= 2);  // the bad rate's own axis
  CHECK(svg_test::count(svg, "<rect class=\"mark bar\"") == 12);
}

TEST_CASE("bad series are refused with the chart named") {
  chart_frame f{"ks", "KS", "score", "share"};
  CHECK_THROWS_WITH_AS(line_chart(f, {{"bads", {0, 1}, {0}}}),
                       "[credo.report.bad_series] chart 'ks', series 'bads': 2 x and 1 y values; need equal "
                       "lengths of at least 2",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(line_chart(f, {{"bads", {0, 1}, {0, NAN}}}),
                       "[credo.report.bad_value] chart 'ks', bads.y[1] is not finite", credo::invalid_input);
  CHECK_THROWS_WITH_AS(bar_chart(f, {"a"}, {{"v", {1, 2}, {}, {}}}),
                       "[credo.report.bad_series] chart 'ks', bars 'v': 2 values for 1 categories",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(bar_line_chart(f, {"a"}, {{"v", {-1}, {}, {}}}, {"r", {0.5}, {}, {}}, "rate"),
                       "[credo.report.bad_value] chart 'ks', v[0] is negative; stacked bars add up",
                       credo::invalid_input);
  CHECK_THROWS_WITH_AS(bar_line_chart(f, {"a"}, {{"v", {1}, {}, {}}}, {"r", {0.5, 1}, {}, {}}, "rate"),
                       "[credo.report.bad_series] chart 'ks', bars 'r': 2 values for 1 categories",
                       credo::invalid_input);
}
