// A self-contained HTML report: headings, text, tables and inline SVG charts (svg.hpp) in
// one file with its style sheet inline. No script, no font, no image is fetched from
// anywhere, so the file opens the same offline, in a mail client or in an archive.
#pragma once

#include <credo/io/atomic_file.hpp>
#include <credo/report/svg.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace credo::report {

class html_document {
public:
  explicit html_document(std::string title) : title_(std::move(title)) {}

  html_document& heading(std::string_view text, int level = 2) {
    const std::string h = "h" + std::to_string(level < 1 ? 1 : level > 4 ? 4 : level);
    body_ += "<" + h + ">" + escape(text) + "</" + h + ">\n";
    return *this;
  }
  html_document& paragraph(std::string_view text) {
    body_ += "<p>" + escape(text) + "</p>\n";
    return *this;
  }
  /// A table; the first row is the header. Numbers are passed as already formatted text.
  html_document& table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       std::string_view caption = "") {
    body_ += "<table>";
    if (!caption.empty()) body_ += "<caption>" + escape(caption) + "</caption>";
    body_ += "<thead><tr>";
    for (const auto& h : header) body_ += "<th>" + escape(h) + "</th>";
    body_ += "</tr></thead><tbody>";
    for (const auto& r : rows) {
      body_ += "<tr>";
      for (const auto& c : r) body_ += "<td>" + escape(c) + "</td>";
      body_ += "</tr>";
    }
    body_ += "</tbody></table>\n";
    return *this;
  }
  /// A chart made by line_chart or bar_chart (trusted SVG markup, not escaped).
  html_document& chart(std::string svg) {
    body_ += "<figure>" + svg + "</figure>\n";
    ++charts_;
    return *this;
  }
  html_document& open_grid() {
    body_ += "<div class=\"grid\">\n";
    return *this;
  }
  html_document& close_grid() {
    body_ += "</div>\n";
    return *this;
  }

  std::size_t charts() const noexcept { return charts_; }

  std::string str() const {
    std::string s =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"credo\">\n<title>" +
        escape(title_) +
        "</title>\n<style>\n"
        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1120px;"
        "color:#222;padding:0 1em}\n"
        "h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}\n"
        "table{border-collapse:collapse;margin:.8em 0;font-size:.9em}\n"
        "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}\n"
        "th:first-child,td:first-child{text-align:left}th{background:#f4f4f4}\n"
        "caption{text-align:left;font-weight:600;padding:.3em 0}\n"
        ".grid{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0}\n"
        ".credo-chart{font-size:11px;background:#fff}.chart-title{font-weight:600;font-size:13px}\n"
        "</style>\n</head>\n<body>\n<h1>" +
        escape(title_) + "</h1>\n";
    s += body_;
    s += "</body>\n</html>\n";
    return s;
  }

  /// Writes the report atomically (credo.io.write_failed on failure).
  void save(const std::string& path) const { io::write_file_atomic(path, str()); }

private:
  std::string title_;
  std::string body_;
  std::size_t charts_ = 0;
};

}  // namespace credo::report
