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
  CHECK(html.find("<td>0.79</td>") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));  // only the SVG namespace
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
                      {{"rate", {0.6, 0.7}, {0.55, 0.66}, {0.65, 0.74}}}));
  doc.close_grid();
  const std::string path = CREDO_BINARY_DIR "/tests/sample_report.html";
  doc.save(path);
  CHECK(std::filesystem::file_size(path) > 1000);
}
