// A self-contained HTML report: headings, text, tables and inline SVG charts (svg.hpp) in
// one file with its style sheet inline. No script, no font, no image is fetched from
// anywhere, so the file opens the same offline, in a mail client or in an archive.
//
// Every h2 heading becomes a section linked from the table of contents at the top (str()
// writes it, so sections appended by any part of a program join it). The print style sheet
// gives A4 pages with no chart, summary or table row split across a page break, and the
// table headers repeated on each page.
#pragma once

#include <credo/io/atomic_file.hpp>
#include <credo/report/svg.hpp>

#include <cctype>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace credo::report {

class html_document {
public:
  explicit html_document(std::string title) : title_(std::move(title)) {}

  /// A heading; level 2 opens a section listed in the table of contents, with the id
  /// "sec-<words of the text>" (made unique by a suffix -2, -3, ...).
  html_document& heading(std::string_view text, int level = 2) {
    const int l = level < 1 ? 1 : level > 4 ? 4 : level;
    const std::string h = "h" + std::to_string(l);
    if (l == 2) {
      const std::string id = unique_id(text);
      toc_.emplace_back(id, std::string(text));
      body_ += "<h2 id=\"" + id + "\">" + escape(text) + "</h2>\n";
    } else {
      body_ += "<" + h + ">" + escape(text) + "</" + h + ">\n";
    }
    return *this;
  }
  html_document& paragraph(std::string_view text) {
    body_ += "<p>" + escape(text) + "</p>\n";
    return *this;
  }
  /// A paragraph set apart as a warning (a flagged figure, a missing input).
  html_document& note(std::string_view text) {
    body_ += "<p class=\"note\" role=\"note\">" + escape(text) + "</p>\n";
    return *this;
  }
  /// A table; `header` names the columns (<th scope="col">). Numbers are passed as already
  /// formatted text. Cells that hold a number are right-aligned, text left-aligned.
  html_document& table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       std::string_view caption = "") {
    body_ += "<table>";
    if (!caption.empty()) body_ += "<caption>" + escape(caption) + "</caption>";
    body_ += "<thead><tr>";
    for (const auto& h : header) body_ += "<th scope=\"col\">" + escape(h) + "</th>";
    body_ += "</tr></thead><tbody>";
    for (const auto& r : rows) {
      body_ += "<tr>";
      for (const auto& c : r) body_ += (numeric(c) ? "<td class=\"num\">" : "<td>") + escape(c) + "</td>";
      body_ += "</tr>";
    }
    body_ += "</tbody></table>\n";
    return *this;
  }
  /// A two-column table of named figures, each name a row header (<th scope="row">).
  html_document& key_values(const std::vector<std::pair<std::string, std::string>>& rows, std::string_view caption = "") {
    body_ += "<table class=\"key-values\">";
    if (!caption.empty()) body_ += "<caption>" + escape(caption) + "</caption>";
    body_ += "<tbody>";
    for (const auto& [k, v] : rows)
      body_ += "<tr><th scope=\"row\">" + escape(k) + "</th><td>" + escape(v) + "</td></tr>";
    body_ += "</tbody></table>\n";
    return *this;
  }
  /// A chart made by line_chart, bar_chart or bar_line_chart (trusted SVG markup, not escaped).
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
  /// The h2 sections in order: (id, heading text).
  const std::vector<std::pair<std::string, std::string>>& sections() const noexcept { return toc_; }

  std::string str() const {
    std::string s =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"credo\">\n<title>" +
        escape(title_) + "</title>\n<style>\n" + std::string(style_sheet()) + "</style>\n</head>\n<body>\n<h1>" +
        escape(title_) + "</h1>\n";
    if (!toc_.empty()) {
      s += "<nav class=\"toc\" aria-label=\"Contents\"><h2 class=\"toc-title\">Contents</h2><ol>";
      for (const auto& [id, text] : toc_) s += "<li><a href=\"#" + id + "\">" + escape(text) + "</a></li>";
      s += "</ol></nav>\n";
    }
    s += "<main>\n" + body_ + "</main>\n</body>\n</html>\n";
    return s;
  }

  /// The inline style sheet, screen and print.
  static constexpr std::string_view style_sheet() {
    return "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1120px;"
           "color:#222;padding:0 1em;line-height:1.4}\n"
           "h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}\n"
           "table{border-collapse:collapse;margin:.8em 0;font-size:.9em}\n"
           "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}\n"
           "td.num{text-align:right;font-variant-numeric:tabular-nums}th{background:#f4f4f4}\n"
           "caption{text-align:left;font-weight:600;padding:.3em 0}\n"
           ".key-values th{font-weight:normal}\n"
           ".note{border-left:4px solid #D55E00;background:#fdf3ec;padding:.4em .8em}\n"
           ".toc ol{columns:2;margin:.4em 0}.toc-title{border:none;margin-top:.4em;font-size:1.1em}\n"
           ".grid{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0}\n"
           ".credo-chart{background:#fff;max-width:100%;height:auto}\n"
           "@page{size:A4;margin:12mm}\n"
           "@media print{body{max-width:none;margin:0;padding:0;font-size:9.5pt}"
           "a{color:inherit;text-decoration:none}"
           "h2,h3,caption{break-after:avoid;page-break-after:avoid}"
           "figure,.key-values,.note,caption,tr{break-inside:avoid;page-break-inside:avoid}"
           "thead{display:table-header-group}"
           ".grid{display:block}.grid figure{display:inline-block;vertical-align:top;width:49%}"
           ".credo-chart{width:100%}}\n";
  }

  /// Writes the report atomically (credo.io.write_failed on failure).
  void save(const std::string& path) const { io::write_file_atomic(path, str()); }

private:
  // A cell is numeric when it reads as a number, a number with % or a range "a - b" of them:
  // right-aligned so that digits line up.
  static bool numeric(std::string_view c) {
    if (c.empty() || c == "-") return !c.empty();
    bool digit = false;
    for (char ch : c) {
      if (std::isdigit(static_cast<unsigned char>(ch))) digit = true;
      else if (ch != '.' && ch != '-' && ch != '+' && ch != ' ' && ch != '%' && ch != 'e') return false;
    }
    return digit;
  }
  std::string unique_id(std::string_view text) {
    std::string id = "sec";
    bool dash = true;
    for (char ch : text) {
      const auto u = static_cast<unsigned char>(ch);
      if (std::isalnum(u) && u < 128) {
        if (dash) id += '-';
        id += static_cast<char>(std::tolower(u));
        dash = false;
      } else {
        dash = true;
      }
    }
    std::string out = id;
    for (int k = 2; used(out); ++k) out = id + "-" + std::to_string(k);
    return out;
  }
  bool used(const std::string& id) const {
    for (const auto& e : toc_)
      if (e.first == id) return true;
    return false;
  }

  std::string title_;
  std::string body_;
  std::vector<std::pair<std::string, std::string>> toc_;
  std::size_t charts_ = 0;
};

}  // namespace credo::report
