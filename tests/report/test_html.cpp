#include <credo/report/html.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace credo::report;

namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

TEST_CASE("an HTML document escapes text and holds its charts inline") {
  html_document doc("Report <1>");
  doc.heading("Discrimination").paragraph("AUC & Gini").table({"metric", "value"}, {{"AUC", "0.79"}});
  doc.chart(line_chart({"roc", "ROC", "x", "y"}, {{"m", {0, 1}, {0, 1}}}));
  const auto html = doc.str();
  CHECK(doc.charts() == 1);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<title>Report &lt;1&gt;</title>") != std::string::npos);
  CHECK(html.find("<p>AUC &amp; Gini</p>") != std::string::npos);
  CHECK(html.find("<td class=\"num\">0.79</td>") != std::string::npos);
  CHECK(html.find("<th scope=\"col\">metric</th>") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));  // only the SVG namespace
}

TEST_CASE("every h2 heading joins the table of contents, with a unique id") {
  html_document doc("r");
  doc.heading("Summary").paragraph("x").heading("Fairness by age", 2).heading("detail", 3).heading("Summary");
  const auto html = doc.str();
  REQUIRE(doc.sections().size() == 3);
  CHECK(doc.sections()[1].first == "sec-fairness-by-age");
  CHECK(doc.sections()[2].first == "sec-summary-2");
  CHECK(html.find("<nav class=\"toc\" aria-label=\"Contents\">") < html.find("<h2 id=\"sec-summary\">Summary</h2>"));
  CHECK(html.find("<li><a href=\"#sec-fairness-by-age\">Fairness by age</a></li>") != std::string::npos);
  CHECK(html.find("<a href=\"#sec-detail\"") == std::string::npos);  // h3 stays out
  // The print style sheet keeps charts and table rows whole on a page.
  CHECK(html.find("@media print") != std::string::npos);
  CHECK(html.find("figure,.key-values,.note,caption,tr{break-inside:avoid") != std::string::npos);
  html_document none("r");
  CHECK(none.str().find("<nav") == std::string::npos);
}

TEST_CASE("key_values marks each name as a row header; notes are set apart") {
  html_document doc("r");
  doc.key_values({{"AUC", "0.79"}}).note("PSI 0.3 <major>");
  const auto html = doc.str();
  CHECK(html.find("<tr><th scope=\"row\">AUC</th><td>0.79</td></tr>") != std::string::npos);
  CHECK(html.find("<p class=\"note\" role=\"note\">PSI 0.3 &lt;major&gt;</p>") != std::string::npos);
}

TEST_CASE("save writes atomically and leaves the old file on failure") {
  const auto dir = std::filesystem::temp_directory_path() / "credo_report_test";
  std::filesystem::create_directories(dir);
  const auto path = (dir / "r.html").string();
  html_document a("first");
  a.save(path);
  CHECK(slurp(path).find("<h1>first</h1>") != std::string::npos);
  CHECK_THROWS_WITH_AS(a.save((dir / "missing_dir" / "r.html").string()),
                       ("[credo.io.write_failed] cannot write '" + (dir / "missing_dir" / "r.html").string() +
                        "': cannot create a temporary file in '" + (dir / "missing_dir").string() + "'")
                           .c_str(),
                       credo::io_error);
  CHECK(slurp(path).find("<h1>first</h1>") != std::string::npos);
}

TEST_CASE("a sample report with every kind of chart, for the Chromium check") {
  html_document doc("credo sample report");
  doc.open_grid();
  std::vector<double> x, y;
  for (int i = 0; i <= 20; ++i) {
    x.push_back(i / 20.0);
    y.push_back(std::sqrt(i / 20.0));
  }
  doc.chart(line_chart({"roc", "ROC", "false positive rate", "true positive rate"}, {{"model", x, y}}, true));
  doc.chart(bar_chart({"woe", "WoE by bin", "bin", "WoE"}, {"[-inf, 10)", "[10, inf)", "missing"},
                      {{"WoE", {-0.4, 0.3, 0.0}, {}, {}}}));
  doc.chart(bar_chart({"approval", "Approval by group", "group", "approval rate"}, {"a", "b"},
                      {{"rate", {0.6, 0.7}, {0.55, 0.66}, {0.65, 0.995}}}));
  std::vector<double> y2;
  for (double v : x) y2.push_back(v * v);
  doc.chart(line_chart({"ks", "Two series", "score", "share"}, {{"bads", x, y}, {"goods", x, y2}}));
  doc.chart(bar_line_chart({"bins", "purpose: rows and bad rate by bin", "bin", "rows"},
                           {"{critical account, other credits existing}", "{delayed previously}", "{a}",
                            "{existing paid}", "{all paid, no credits taken}", "{b}", "missing"},
                           {{"goods", {100, 20, 30, 40, 50, 60, 1}, {}, {}}, {"bads", {50, 5, 5, 5, 5, 5, 0}, {}, {}}},
                           {"bad rate", {0.33, 0.2, 0.14, 0.11, 0.09, 0.08, 0}, {}, {}}, "bad rate"));
  doc.close_grid();
  doc.heading("Tables").table({"bin", "rows"}, {{"a", "1"}});
  const std::string path = CREDO_BINARY_DIR "/tests/sample_report.html";
  doc.save(path);
  CHECK(std::filesystem::file_size(path) > 1000);
}
