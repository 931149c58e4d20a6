#include <credo/report/svg.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace credo::report;

namespace {
std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("escape covers the five HTML specials") {
  CHECK(escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
}

TEST_CASE("a line chart draws one path per series inside the plot area") {
  chart_frame f{"roc", "ROC <curve>", "false positive rate", "true positive rate"};
  const auto svg = line_chart(f, {{"model", {0, 0.2, 1}, {0, 0.7, 1}}, {"other", {0, 1}, {0, 1}, true}}, true);
  CHECK(svg.rfind("<svg class=\"credo-chart\" data-chart=\"roc\"", 0) == 0);
  CHECK(count(svg, "<path class=\"series\"") == 2);
  CHECK(count(svg, "stroke-dasharray=\"4 3\"") == 2);  // the dashed series and its legend line
  CHECK(svg.find("ROC &lt;curve&gt;") != std::string::npos);
  CHECK(svg.find("class=\"reference\"") != std::string::npos);
  // Plot area: x from 62 to 520-16 = 504; the first point (0, 0) sits at the bottom left
  // corner (62, 34 + 258 = 292), the last (1, 1) at the top right (504, 34).
  CHECK(svg.find("d=\"M62,292L150.4,111.4L504,34\"") != std::string::npos);
}

TEST_CASE("a bar chart draws one rect per category and series, with whiskers") {
  chart_frame f{"approval", "Approval by group", "group", "rate"};
  bar_series b{"approval rate", {0.5, 0.8}, {0.4, 0.7}, {0.6, 0.9}};
  const auto svg = bar_chart(f, {"female", "male"}, {b});
  CHECK(count(svg, "<rect class=\"bar\"") == 2);
  CHECK(count(svg, "<path class=\"whisker\"") == 2);
  CHECK(svg.find(">female<") != std::string::npos);
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
}
