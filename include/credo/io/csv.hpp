// Reading CSV (RFC 4180) into a credo::table.
//
// Fields may be quoted; a quoted field may hold commas, doubled quotes ("") and newlines.
// Lines end in LF or CRLF; the first record is the header. A column is numeric when every
// field that is not a missing token parses as a number, categorical otherwise, unless
// csv_options::types says which. Errors name the line and the column and carry an id.
#pragma once

#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/detail/file.hpp>

#include <charconv>
#include <cmath>
#include <cstddef>
#include <fstream>
#include <istream>
#include <iterator>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace credo::io {

struct csv_options {
  char delimiter = ',';
  /// Fields that mean "missing" (compared after the quotes are removed).
  std::vector<std::string> missing_tokens = {"", "NA", "NaN", "?"};
  /// Explicit column kinds by name; columns not named here are inferred.
  std::map<std::string, column_kind, std::less<>> types;
  /// When set, this column becomes the table's target (see table::set_target).
  std::string target;
  /// The target value that means bad (event = 1); needed when `target` is set.
  std::string bad_value;
  /// When set, this numeric column becomes the table's sample weights.
  std::string weight;
};

namespace detail {

inline bool parse_number(std::string_view s, double& out) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

/// Splits RFC 4180 text into records of fields; `lines` gets each record's first line.
class csv_scanner {
public:
  csv_scanner(std::string_view text, char delimiter, std::string source)
      : text_(text), delim_(delimiter), source_(std::move(source)) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 byte order mark
  }

  /// Reads the next record into `fields`; false at the end of the text.
  bool next(std::vector<std::string>& fields, std::size_t& line) {
    fields.clear();
    // Skip empty lines between records.
    while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
      if (text_[pos_] == '\n') ++line_;
      ++pos_;
    }
    if (pos_ >= text_.size()) return false;
    line = line_;
    std::string field;
    while (true) {
      field.clear();
      if (pos_ < text_.size() && text_[pos_] == '"') {
        const std::size_t open_line = line_;
        ++pos_;
        while (true) {
          if (pos_ >= text_.size())
            CREDO_THROW(io_error, "credo.csv.unterminated_quote",
                        source_ + " line " + std::to_string(open_line) + ", field " +
                            std::to_string(fields.size() + 1) + ": a quoted field never closes");
          const char c = text_[pos_++];
          if (c == '"') {
            if (pos_ < text_.size() && text_[pos_] == '"') {
              field += '"';
              ++pos_;
            } else {
              break;
            }
          } else {
            if (c == '\n') ++line_;
            field += c;
          }
        }
        if (pos_ < text_.size() && text_[pos_] != delim_ && text_[pos_] != '\n' && text_[pos_] != '\r')
          CREDO_THROW(io_error, "credo.csv.stray_quote",
                      source_ + " line " + std::to_string(line_) + ", field " +
                          std::to_string(fields.size() + 1) +
                          ": text follows the closing quote of a quoted field");
      } else {
        while (pos_ < text_.size() && text_[pos_] != delim_ && text_[pos_] != '\n' &&
               text_[pos_] != '\r') {
          if (text_[pos_] == '"')
            CREDO_THROW(io_error, "credo.csv.stray_quote",
                        source_ + " line " + std::to_string(line_) + ", field " +
                            std::to_string(fields.size() + 1) +
                            ": a quote inside an unquoted field (quote the whole field)");
          field += text_[pos_++];
        }
      }
      fields.push_back(field);
      if (pos_ < text_.size() && text_[pos_] == delim_) {
        ++pos_;
        continue;
      }
      // End of record: CRLF, LF, a lone CR or the end of the text.
      if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
      if (pos_ < text_.size() && text_[pos_] == '\n') {
        ++pos_;
        ++line_;
      }
      return true;
    }
  }

private:
  std::string_view text_;
  char delim_;
  std::string source_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace detail

/// Parses CSV text into a table. `source` names the text in error messages.
inline table parse_csv(std::string_view text, const csv_options& options = {},
                       const std::string& source = "csv") {
  detail::csv_scanner scan(text, options.delimiter, source);
  std::vector<std::string> header;
  std::size_t line = 0;
  if (!scan.next(header, line))
    CREDO_THROW(io_error, "credo.csv.empty", source + ": no header row");
  for (std::size_t j = 0; j < header.size(); ++j) {
    if (header[j].empty())
      CREDO_THROW(io_error, "credo.csv.empty_name",
                  source + " line " + std::to_string(line) + ": column " + std::to_string(j + 1) +
                      " of the header has no name");
    for (std::size_t k = 0; k < j; ++k)
      if (header[k] == header[j])
        CREDO_THROW(io_error, "credo.csv.duplicate_name",
                    source + " line " + std::to_string(line) + ": column name " +
                        credo::detail::quoted(header[j]) + " appears twice in the header");
  }
  for (const auto& [name, kind] : options.types) {
    bool found = false;
    for (const auto& h : header) found = found || h == name;
    if (!found)
      CREDO_THROW(invalid_input, "credo.csv.unknown_column",
                  source + ": a type is given for column " + credo::detail::quoted(name) +
                      ", which is not in the header");
  }

  const std::size_t ncol = header.size();
  std::vector<std::vector<std::string>> cells(ncol);
  std::vector<std::size_t> record_lines;
  std::vector<std::string> fields;
  while (scan.next(fields, line)) {
    if (fields.size() != ncol)
      CREDO_THROW(io_error, "credo.csv.field_count",
                  source + " line " + std::to_string(line) + ": " + std::to_string(fields.size()) +
                      " fields, the header has " + std::to_string(ncol));
    for (std::size_t j = 0; j < ncol; ++j) cells[j].push_back(std::move(fields[j]));
    record_lines.push_back(line);
  }

  auto is_missing = [&](const std::string& s) {
    for (const auto& m : options.missing_tokens)
      if (s == m) return true;
    return false;
  };

  table t;
  for (std::size_t j = 0; j < ncol; ++j) {
    const auto& col = cells[j];
    const auto forced = options.types.find(header[j]);
    bool numeric;
    if (forced != options.types.end()) {
      numeric = forced->second == column_kind::numeric;
    } else {
      numeric = true;
      double v;
      for (const auto& s : col)
        if (!is_missing(s) && !detail::parse_number(s, v)) {
          numeric = false;
          break;
        }
    }
    if (numeric) {
      std::vector<double> values(col.size());
      for (std::size_t r = 0; r < col.size(); ++r) {
        if (is_missing(col[r])) {
          values[r] = std::numeric_limits<double>::quiet_NaN();
        } else if (!detail::parse_number(col[r], values[r])) {
          CREDO_THROW(io_error, "credo.csv.bad_number",
                      source + " line " + std::to_string(record_lines[r]) + ", column " +
                          credo::detail::quoted(header[j]) + ": '" + col[r] +
                          "' is not a number, and the column is declared numeric");
        }
      }
      t.add(column::numeric(header[j], std::move(values)));
    } else {
      std::vector<std::string> missing = options.missing_tokens;
      t.add(column::categorical_from_labels(header[j], col, missing));
    }
    std::vector<std::string>().swap(cells[j]);
  }
  if (!options.weight.empty()) t.set_weights(options.weight);
  if (!options.target.empty()) {
    if (options.bad_value.empty())
      CREDO_THROW(invalid_input, "credo.csv.no_bad_value",
                  source + ": target " + credo::detail::quoted(options.target) +
                      " is named but csv_options::bad_value is empty");
    t.set_target(options.target, options.bad_value);
  }
  return t;
}

/// Reads a whole stream as CSV.
inline table read_csv(std::istream& in, const csv_options& options = {},
                      const std::string& source = "stream") {
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_csv(text, options, source);
}

/// Reads a CSV file; throws credo.csv.open_failed when it cannot be opened or read.
inline table read_csv(const std::string& path, const csv_options& options = {}) {
  return parse_csv(credo::detail::read_whole_file(path, credo::detail::no_file_limit, "credo.csv"), options,
                   "'" + path + "'");
}

}  // namespace credo::io
