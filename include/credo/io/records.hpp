// Reading and writing bureau records in their canonical CSV forms (RFC 4180, header first,
// columns in any order, other columns ignored unless said otherwise):
//   persons:    person_id, as_of [, bad] [, segment columns...]
//               every column besides person_id, as_of and bad is a categorical segment.
//   tradelines: person_id, source, account_type, opened, closed, last_reported, credit_limit,
//               balance, payment_history
//   inquiries:  person_id, source, date
// Dates are YYYY-MM-DD; `closed` may be empty (open account); credit_limit and balance may
// be empty (missing); account_type is revolving, installment, mortgage, open or other;
// payment_history holds Metro 2 statuses, most recent first, the first being the month of
// last_reported (see features/records.hpp); `bad` is 1, 0 or empty (unknown).
// Errors name the file, the line and the column, with ids credo.records.<what>.
#pragma once

#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/detail/file.hpp>
#include <credo/detail/text.hpp>
#include <credo/features/date.hpp>
#include <credo/features/record_check.hpp>
#include <credo/features/record_set.hpp>
#include <credo/features/records.hpp>
#include <credo/io/csv.hpp>

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <limits>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace credo::io {

namespace detail {

/// The header and current row of a records file, with located errors: what every reader of
/// record files (whole texts here, files in chunks in io/record_stream.hpp) shares.
class record_row {
public:
  const std::string& name() const noexcept { return name_; }
  const std::vector<std::string>& header() const noexcept { return header_; }
  std::ptrdiff_t find(std::string_view col) const {
    for (std::size_t j = 0; j < header_.size(); ++j)
      if (header_[j] == col) return static_cast<std::ptrdiff_t>(j);
    return -1;
  }
  std::size_t require(std::string_view col) const {
    const auto j = find(col);
    if (j < 0)
      CREDO_THROW(io_error, "credo.records.missing_column",
                  name_ + " line 1: no column " + credo::detail::quoted(col) + " in the header");
    return static_cast<std::size_t>(j);
  }
  const std::string& operator[](std::size_t j) const { return fields_[j]; }
  std::size_t line() const noexcept { return line_; }

  /// Refuses a header that names a column twice: a column is found by its name, so the
  /// second one could never be read as itself, and writing the records back would give
  /// another file (found by fuzzing).
  void check_header() const {
    std::unordered_map<std::string_view, std::size_t> at;
    for (std::size_t j = 0; j < header_.size(); ++j)
      if (const auto [it, added] = at.emplace(header_[j], j); !added)
        CREDO_THROW(io_error, "credo.records.duplicate_column",
                    name_ + " line 1: column " + credo::detail::quoted(header_[j]) + " appears twice in the header (fields " +
                        std::to_string(it->second + 1) + " and " + std::to_string(j + 1) + ")");
  }
  std::string where() const { return name_ + " line " + std::to_string(line_); }
  std::string where(std::size_t j) const { return where() + ", column " + credo::detail::quoted(header_[j]); }

  features::date date_at(std::size_t j) const {
    if (auto d = features::date::parse(fields_[j])) return *d;
    CREDO_THROW(io_error, "credo.records.bad_date",
                where(j) + ": '" + fields_[j] + "' is not a date YYYY-MM-DD");
  }
  double number_at(std::size_t j) const {
    if (fields_[j].empty()) return std::numeric_limits<double>::quiet_NaN();
    double v = 0;
    if (!parse_number(fields_[j], v) || !std::isfinite(v))
      CREDO_THROW(io_error, "credo.records.bad_number",
                  where(j) + ": '" + fields_[j] + "' is not a number");
    return v;
  }

protected:
  explicit record_row(std::string name) : name_(std::move(name)) {}
  void check_field_count() const {
    if (fields_.size() != header_.size())
      CREDO_THROW(io_error, "credo.records.field_count",
                  where() + ": " + std::to_string(fields_.size()) + " fields, the header has " +
                      std::to_string(header_.size()));
  }

  std::string name_;
  std::vector<std::string> header_;
  std::vector<std::string> fields_;
  std::size_t line_ = 0;
};

/// A records file held whole as text.
class records_file : public record_row {
public:
  records_file(std::string_view text, std::string name) : record_row(name), scan_(text, ',', std::move(name)) {
    std::size_t line = 0;
    if (!scan_.next(header_, line))
      CREDO_THROW(io_error, "credo.records.empty", name_ + ": no header row");
    check_header();
  }
  bool next() {
    if (!scan_.next(fields_, line_)) return false;
    check_field_count();
    return true;
  }

private:
  csv_scanner scan_;
};

/// The columns of a tradeline file that a record_fault can name.
struct tradeline_columns {
  std::size_t opened, closed, last_reported, payment_history, credit_limit, balance;
};

/// Throws the reader's error for a tradeline that fails the record check, naming file, line
/// and column: credo.records.date_order, bad_status or bad_amount.
template <class File>
[[noreturn]] void refuse(const File& f, const features::record_fault& fault, const tradeline_columns& c) {
  using features::record_field;
  if (fault.field == record_field::last_reported)
    CREDO_THROW(io_error, "credo.records.date_order",
                f.where(c.last_reported) + ": last reported " + f[c.last_reported] + " before opened " +
                    f[c.opened]);
  if (fault.field == record_field::closed)
    CREDO_THROW(io_error, "credo.records.date_order",
                f.where(c.closed) + ": closed " + f[c.closed] + " before opened " + f[c.opened]);
  if (fault.field == record_field::payment_history)
    CREDO_THROW(io_error, "credo.records.bad_status",
                f.where(c.payment_history) + ": character '" + std::string(1, f[c.payment_history][fault.position]) +
                    "' at position " + std::to_string(fault.position + 1) + " is not a Metro 2 status (0-6, B, D, E)");
  const std::size_t j = fault.field == record_field::balance ? c.balance : c.credit_limit;
  CREDO_THROW(io_error, "credo.records.bad_amount",
              f.where(j) + ": '" + f[j] + "' is negative; a balance or credit limit is >= 0, or empty when unknown");
}

class person_lookup {
public:
  explicit person_lookup(const features::person_table& p) {
    index_.reserve(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) index_.emplace(p.id[i], static_cast<std::uint32_t>(i));
  }
  template <class File>
  std::uint32_t operator()(const File& f, std::size_t j) const {
    const auto it = index_.find(f[j]);
    if (it == index_.end())
      CREDO_THROW(io_error, "credo.records.unknown_person",
                  f.where(j) + ": person " + credo::detail::quoted(f[j]) + " is not in the persons file");
    return it->second;
  }

private:
  std::unordered_map<std::string, std::uint32_t> index_;
};

/// The index of field j's source in `sources`, appended when new.
template <class File>
std::uint16_t source_code(std::vector<std::string>& sources, const File& f, std::size_t j) {
  const std::string& s = f[j];
  if (s.empty()) CREDO_THROW(io_error, "credo.records.empty_source", f.where(j) + ": the source is empty");
  for (std::size_t i = 0; i < sources.size(); ++i)
    if (sources[i] == s) return static_cast<std::uint16_t>(i);
  if (sources.size() >= features::max_sources)
    CREDO_THROW(io_error, "credo.records.too_many_sources",
                f.where(j) + ": source " + credo::detail::quoted(s) + " would be source number " +
                    std::to_string(sources.size() + 1) + "; at most " +
                    std::to_string(features::max_sources) + " are supported");
  sources.push_back(s);
  return static_cast<std::uint16_t>(sources.size() - 1);
}
template <class File>
std::uint16_t source_code(features::record_set& r, const File& f, std::size_t j) {
  return source_code(r.sources, f, j);
}

/// The columns of a tradeline file, found in its header.
struct tradeline_header {
  std::size_t pid, src, type;
  tradeline_columns c;
  template <class File>
  static tradeline_header of(const File& f) {
    tradeline_header h{f.require("person_id"), f.require("source"), f.require("account_type"), {}};
    h.c.opened = f.require("opened");
    h.c.closed = f.require("closed");
    h.c.last_reported = f.require("last_reported");
    h.c.credit_limit = f.require("credit_limit");
    h.c.balance = f.require("balance");
    h.c.payment_history = f.require("payment_history");
    return h;
  }
};

/// The tradeline on the current row of f (all fields but the person and the payment history,
/// which stays in f[h.c.payment_history]); refused with an id naming file, line and column.
template <class File>
features::tradeline_record parse_tradeline(const File& f, const tradeline_header& h,
                                           std::vector<std::string>& sources) {
  features::tradeline_record t;
  t.source = source_code(sources, f, h.src);
  const auto ty = features::parse_account_type(f[h.type]);
  if (!ty)
    CREDO_THROW(io_error, "credo.records.bad_account_type",
                f.where(h.type) + ": '" + f[h.type] + "' is not an account type (" +
                    credo::detail::enum_name_list<features::account_type>() + ")");
  t.type = *ty;
  t.opened = f.date_at(h.c.opened);
  if (!f[h.c.closed].empty()) t.closed = f.date_at(h.c.closed);
  t.last_reported = f.date_at(h.c.last_reported);
  t.credit_limit = f.number_at(h.c.credit_limit);
  t.balance = f.number_at(h.c.balance);
  // The engine's check too (features/record_check.hpp): a file read here is never refused by
  // the engine for its fields.
  if (const auto fault = features::check_tradeline(t.opened, t.closed.value_or(t.opened), t.last_reported,
                                                   t.credit_limit, t.balance, f[h.c.payment_history]))
    refuse(f, fault, h.c);
  return t;
}

/// The outcome on the current row of f: 1, 0 or -1 (empty: unknown).
template <class File>
std::int8_t parse_outcome(const File& f, std::size_t j) {
  const auto& b = f[j];
  if (b == "1") return 1;
  if (b == "0") return 0;
  if (b.empty()) return -1;
  CREDO_THROW(io_error, "credo.records.bad_outcome", f.where(j) + ": '" + b + "' is not 1 (bad), 0 (good) or empty");
}

inline void put_field(std::string& out, std::string_view s) { credo::detail::append_csv_field(out, s); }
/// A number in its shortest round-trip form; NaN (missing) is the empty field.
inline void put_number(std::string& out, double v) {
  if (!std::isnan(v)) credo::detail::append_shortest(out, v);
}
inline void put_date(std::string& out, features::date d) { out += d.to_string(); }

}  // namespace detail

/// Parses the three canonical CSV texts into a record_set (inquiries may be empty text).
/// The names label the texts in error messages.
inline features::record_set parse_records(std::string_view persons_csv, std::string_view tradelines_csv,
                                          std::string_view inquiries_csv = {},
                                          const std::string& persons_name = "persons",
                                          const std::string& tradelines_name = "tradelines",
                                          const std::string& inquiries_name = "inquiries") {
  using features::date;
  features::record_set r;
  {  // persons
    detail::records_file f(persons_csv, persons_name);
    const auto id = f.require("person_id"), as_of = f.require("as_of");
    const auto bad = f.find("bad");
    std::vector<std::size_t> seg;
    for (std::size_t j = 0; j < f.header().size(); ++j)
      if (j != id && j != as_of && static_cast<std::ptrdiff_t>(j) != bad) seg.push_back(j);
    std::vector<std::vector<std::string>> labels(seg.size());
    std::unordered_map<std::string, std::size_t> seen;
    while (f.next()) {
      if (f[id].empty()) CREDO_THROW(io_error, "credo.records.empty_person", f.where(id) + ": the person id is empty");
      if (!seen.emplace(f[id], f.line()).second)
        CREDO_THROW(io_error, "credo.records.duplicate_person",
                    f.where(id) + ": person " + credo::detail::quoted(f[id]) +
                        " appears a second time (first on line " + std::to_string(seen[f[id]]) + ")");
      r.persons.id.push_back(f[id]);
      r.persons.as_of.push_back(f.date_at(as_of));
      if (bad >= 0) r.persons.bad.push_back(detail::parse_outcome(f, static_cast<std::size_t>(bad)));
      for (std::size_t s = 0; s < seg.size(); ++s) labels[s].push_back(f[seg[s]]);
    }
    for (std::size_t s = 0; s < seg.size(); ++s)
      r.persons.segments.push_back(column::categorical_from_labels(f.header()[seg[s]], labels[s]));
  }
  const detail::person_lookup person(r.persons);
  std::string history;
  std::vector<std::size_t> offsets;
  {  // tradelines
    detail::records_file f(tradelines_csv, tradelines_name);
    const auto h = detail::tradeline_header::of(f);
    while (f.next()) {
      const auto person_index = person(f, h.pid);
      features::tradeline_record t = detail::parse_tradeline(f, h, r.sources);
      t.person = person_index;
      offsets.push_back(history.size());
      history += f[h.c.payment_history];
      r.tradelines.push_back(t);
    }
  }
  offsets.push_back(history.size());
  r.set_histories(std::move(history), offsets);
  if (!inquiries_csv.empty()) {
    detail::records_file f(inquiries_csv, inquiries_name);
    const auto pid = f.require("person_id"), src = f.require("source"), when = f.require("date");
    while (f.next()) {
      features::inquiry_record q;
      q.person = person(f, pid);
      q.source = detail::source_code(r, f, src);
      q.when = f.date_at(when);
      r.inquiries.push_back(q);
    }
  }
  return r;
}

namespace detail {
/// A record file, whole (credo.records.open_failed; no size limit: a file is as large as the data).
inline std::string slurp(const std::string& path) {
  return credo::detail::read_whole_file(path, credo::detail::no_file_limit, "credo.records");
}
}  // namespace detail

/// Reads the canonical CSV files; `inquiries_path` may be empty (no inquiries).
inline features::record_set read_records(const std::string& persons_path, const std::string& tradelines_path,
                                         const std::string& inquiries_path = {}) {
  const std::string p = detail::slurp(persons_path), t = detail::slurp(tradelines_path);
  const std::string q = inquiries_path.empty() ? std::string() : detail::slurp(inquiries_path);
  return parse_records(p, t, q, "'" + persons_path + "'", "'" + tradelines_path + "'",
                       "'" + inquiries_path + "'");
}

/// The persons CSV: person_id, as_of, bad (when known for anyone), then the segments.
inline std::string format_persons(const features::record_set& r) {
  std::string out = "person_id,as_of";
  if (r.persons.has_bad()) out += ",bad";
  for (const auto& s : r.persons.segments) {
    out += ',';
    detail::put_field(out, s.name());
  }
  out += '\n';
  for (std::size_t p = 0; p < r.persons.size(); ++p) {
    detail::put_field(out, r.persons.id[p]);
    out += ',';
    detail::put_date(out, r.persons.as_of[p]);
    if (r.persons.has_bad()) {
      out += ',';
      if (r.persons.bad[p] >= 0) out += static_cast<char>('0' + r.persons.bad[p]);
    }
    for (const auto& s : r.persons.segments) {
      out += ',';
      const auto code = s.codes()[p];
      if (code != column::missing_code) detail::put_field(out, s.dictionary()[static_cast<std::size_t>(code)]);
    }
    out += '\n';
  }
  return out;
}

inline std::string format_tradelines(const features::record_set& r) {
  std::string out =
      "person_id,source,account_type,opened,closed,last_reported,credit_limit,balance,payment_history\n";
  out.reserve(out.size() + r.tradelines.size() * 96);
  for (const auto& t : r.tradelines) {
    detail::put_field(out, r.persons.id.at(t.person));
    out += ',';
    detail::put_field(out, r.sources.at(t.source));
    out += ',';
    out += features::to_string(t.type);
    out += ',';
    detail::put_date(out, t.opened);
    out += ',';
    if (t.closed) detail::put_date(out, *t.closed);
    out += ',';
    detail::put_date(out, t.last_reported);
    out += ',';
    detail::put_number(out, t.credit_limit);
    out += ',';
    detail::put_number(out, t.balance);
    out += ',';
    out += t.payment_history;
    out += '\n';
  }
  return out;
}

inline std::string format_inquiries(const features::record_set& r) {
  std::string out = "person_id,source,date\n";
  for (const auto& q : r.inquiries) {
    detail::put_field(out, r.persons.id.at(q.person));
    out += ',';
    detail::put_field(out, r.sources.at(q.source));
    out += ',';
    detail::put_date(out, q.when);
    out += '\n';
  }
  return out;
}

/// Writes persons.csv, tradelines.csv and inquiries.csv into directory `dir` (which must exist).
inline void write_records(const features::record_set& r, const std::string& dir) {
  auto put = [&](const std::string& file, const std::string& text) {
    const std::string path = dir + "/" + file;
    std::ofstream out(path, std::ios::binary);
    if (!out) CREDO_THROW(io_error, "credo.records.open_failed", "cannot open '" + path + "' for writing");
    out << text;
    if (!out) CREDO_THROW(io_error, "credo.records.write_failed", "cannot write '" + path + "'");
  };
  put("persons.csv", format_persons(r));
  put("tradelines.csv", format_tradelines(r));
  put("inquiries.csv", format_inquiries(r));
}

}  // namespace credo::io
