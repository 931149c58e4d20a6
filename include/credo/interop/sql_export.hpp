// SQL export: a credo scorecard as one SELECT that scores every row of a table inside the
// database, as `credo score` does: the same score, PD and reason codes. See docs/interop.md.
//
//   auto card = credo::io::load_scorecard("card.json");
//   credo::interop::sql_options o;
//   o.dialect = credo::interop::sql_dialect::postgresql;
//   o.reasons = 4;
//   std::string sql = credo::interop::scorecard_to_sql(card, o);   // SELECT ... FROM "applicants"
//
// The SELECT returns score, pd and reason_1..reason_N (N = sql_options::reasons), one row per
// table row in the table's order (SQLite: rowid; PostgreSQL: ctid, the physical order, which
// is the load order of a table loaded once and never updated). It is built from nested
// subqueries, innermost first:
//   1. each characteristic's bin, as credo::binning::bins::bin_of finds it: NULL (and
//      PostgreSQL's NaN) → the missing bin; a special value (=) → its bin; otherwise the count
//      of cut points ≤ x (CASE WHEN x < c1 THEN 0 WHEN x < c2 THEN 1 ... ELSE k); a label: NULL
//      or '' → missing, a training label (IN) → its group, any other → credo's unseen fallback;
//      in SQLite a text or blob value in a numeric characteristic has no bin (credo score: the
//      status not_a_number), so the row gets no score;
//   2. the points of that bin as scored (the lowest under missing = worst; NULL for the
//      missing bin under missing = error, so the row gets a NULL score and PD, as credo's
//      status missing_value), the points below the baseline (baseline − points, computed here
//      in double as credo's flat form does) and the reason text (scorecard::describe);
//   3. score = base + p_1 + ... + p_m, summed left to right in card order as credo sums;
//   4. each characteristic's reason rank: the characteristics strictly below their baseline,
//      by points below descending, ties in card order (model/reason_codes.hpp), at most the
//      card's max_reasons;
//   5. pd = 1 / (1 + exp((score − Offset) / Factor)), scaling::pd_from_score's operations.
// Every number is an exact double in both dialects, so each operation gets credo's operands:
// PostgreSQL reads CAST('<shortest digits>' AS DOUBLE PRECISION) with strtod (correctly
// rounded); for SQLite, whose own decimal reader is not guaranteed to round correctly, an
// integer is CAST(n AS REAL) and any other double m · 2^e (m an integer below 2^53) is
// (CAST(m AS REAL) / 2^-e), each factor an exact integer literal. Arithmetic is IEEE double
// in both (DOUBLE PRECISION, REAL), and exp is the C library's, as credo's std::exp.
//
// Needed of the table: numeric characteristics in numeric columns (REAL, DOUBLE PRECISION,
// INTEGER...), categorical ones in text columns, named exactly as the characteristics (they
// are quoted identifiers: case-sensitive in PostgreSQL); PostgreSQL with
// standard_conforming_strings on (the default since 9.1).
//
// Refused (credo::invalid_input): a float card (credo.interop.float_model), a name or label
// that is not UTF-8 or holds a NUL byte (credo.interop.not_sql_text), an empty table name or
// an empty part of a dotted one (credo.interop.bad_name).
#pragma once

#include <credo/core/error.hpp>
#include <credo/detail/enum_names.hpp>
#include <credo/detail/text.hpp>
#include <credo/interop/detail/text.hpp>
#include <credo/io/atomic_file.hpp>
#include <credo/model/scorecard.hpp>
#include <credo/version.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace credo::interop {

/// The SQL dialect of the exported SELECT.
enum class sql_dialect { sqlite, postgresql };

}  // namespace credo::interop

template <>
struct credo::detail::enum_names<credo::interop::sql_dialect> {
  static constexpr enum_name<credo::interop::sql_dialect> table[] = {
      {credo::interop::sql_dialect::sqlite, "sqlite"}, {credo::interop::sql_dialect::postgresql, "postgresql"}};
};

namespace credo::interop {

inline const char* to_string(sql_dialect d) noexcept { return credo::detail::name_of(d); }

/// What the SELECT reads and returns.
struct sql_options {
  sql_dialect dialect = sql_dialect::sqlite;
  std::string table = "applicants";  ///< the table scored; "schema.table" names a schema's table
  std::size_t reasons = 0;           ///< reason_1..reason_N columns (at most the card's max_reasons are filled)
  std::string id;                    ///< a column copied first into the output (none when empty)
};

namespace detail {

/// A double as an SQL expression that evaluates to exactly that double (see the header).
inline std::string sql_number(double x, sql_dialect d) {
  const bool pg = d == sql_dialect::postgresql;
  if (pg) {
    if (std::isinf(x)) return x > 0 ? "CAST('Infinity' AS DOUBLE PRECISION)" : "CAST('-Infinity' AS DOUBLE PRECISION)";
    return "CAST('" + credo::detail::format_shortest(x) + "' AS DOUBLE PRECISION)";
  }
  if (std::isinf(x)) return x > 0 ? "9e999" : "-9e999";  // SQLite reads an overflow as ±Inf
  if (x == 0) return std::signbit(x) ? "(-CAST(0 AS REAL))" : "CAST(0 AS REAL)";
  // x = m · 2^p with m an odd integer, |m| < 2^53.
  int e = 0;
  const double f = std::frexp(x, &e);  // x = f · 2^e, 0.5 <= |f| < 1
  auto m = static_cast<std::int64_t>(std::ldexp(f, 53));
  int p = e - 53;
  while (m % 2 == 0) m /= 2, ++p;
  std::string s = "CAST(" + std::to_string(m) + " AS REAL)";
  if (p == 0) return s;
  // Multiply or divide by 2^|p| in exact steps of at most 2^62 (an int64 literal); each
  // intermediate is m · 2^k, a double, so every step is exact.
  const char* op = p > 0 ? " * " : " / ";
  int q = p > 0 ? p : -p;
  s = "(" + s;
  while (q > 0) {
    const int step = q > 62 ? 62 : q;
    s += op + std::to_string(std::int64_t{1} << step);
    q -= step;
  }
  return s + ")";
}

/// An SQL string literal: in single quotes, a quote written twice.
inline std::string sql_string(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

/// A quoted identifier: in double quotes, a double quote written twice.
inline std::string sql_identifier(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

inline void check_sql_text(std::string_view s, const std::string& what) {
  if (!is_text(s, false))
    CREDO_THROW(invalid_input, "credo.interop.not_sql_text",
                what + " is not UTF-8 text without NUL bytes; an SQL string or identifier cannot hold it");
}

/// "schema.table" as "schema"."table"; each part non-empty.
inline std::string sql_table(const std::string& name) {
  if (name.empty()) CREDO_THROW(invalid_input, "credo.interop.bad_name", "the table name is empty");
  check_sql_text(name, "the table name");
  std::string out;
  std::size_t from = 0;
  for (;;) {
    const std::size_t dot = name.find('.', from);
    const std::string part = name.substr(from, dot == std::string::npos ? std::string::npos : dot - from);
    if (part.empty())
      CREDO_THROW(invalid_input, "credo.interop.bad_name",
                  "table name '" + name + "': an empty part before or after a '.'");
    out += (out.empty() ? "" : ".") + sql_identifier(part);
    if (dot == std::string::npos) return out;
    from = dot + 1;
  }
}

}  // namespace detail

/// The card as one SQL SELECT over options.table (see the header). Throws
/// credo::invalid_input: credo.interop.float_model, .not_sql_text, .bad_name.
template <class Real>
std::string scorecard_to_sql(const model::scorecard<Real>& card, const sql_options& options = {}) {
  detail::refuse_float<Real>("card");
  const auto d = options.dialect;
  const bool pg = d == sql_dialect::postgresql;
  const std::string table = detail::sql_table(options.table);
  const std::size_t m = card.size();
  for (std::size_t j = 0; j < m; ++j) {
    const auto& c = card.characteristic(j);
    detail::check_sql_text(c.name, "the name of characteristic " + std::to_string(j));
    for (const auto& g : c.bins.groups())
      for (const auto& l : g) detail::check_sql_text(l, "characteristic " + credo::detail::quoted(c.name) + ", a label");
  }
  if (!options.id.empty()) detail::check_sql_text(options.id, "the --id column");
  auto num = [d](double x) { return detail::sql_number(x, d); };
  const std::string real = pg ? "DOUBLE PRECISION" : "REAL";
  const std::size_t reasons = options.reasons;
  const std::size_t filled = reasons < card.options().reasons.max_reasons ? reasons : card.options().reasons.max_reasons;
  const bool error = card.missing() == model::missing_action::error;
  const std::string id = options.id.empty() ? "" : detail::sql_identifier(options.id) + ", ";
  auto col = [&](const char* stem, std::size_t j) { return std::string(stem) + std::to_string(j + 1); };

  std::string s;
  s += "-- A credo scorecard as one SELECT (" + std::string(to_string(d)) + "), written by credo " +
       credo::version_string + ".\n";
  s += "-- Columns: " + std::string(options.id.empty() ? "" : "the id, ") + "score, pd";
  for (std::size_t k = 1; k <= reasons; ++k) s += ", reason_" + std::to_string(k);
  s += "; one row per row of the table, in its order.\n";
  s += "-- " + std::to_string(m) + " characteristics; missing values: " + model::to_string(card.missing()) +
       "; points: " + model::to_string(card.rounding()) + " rounding. Numbers are exact doubles. See docs/interop.md.\n";

  // 5. The outermost query: score, pd, reasons, in the table's order.
  s += "SELECT " + id + "score,\n";
  s += "  CAST(1 AS " + real + ") / (CAST(1 AS " + real + ") + exp((score - " + num(card.offset()) + ") / " +
       num(card.factor()) + ")) AS pd";
  for (std::size_t k = 1; k <= reasons; ++k) {
    s += ",\n  ";
    if (k > filled) {
      s += "CAST(NULL AS TEXT) AS reason_" + std::to_string(k);
      continue;
    }
    s += "CASE WHEN score IS NULL THEN NULL";
    for (std::size_t j = 0; j < m; ++j) s += " WHEN " + col("r_", j) + " = " + std::to_string(k) + " THEN " + col("t_", j);
    s += " END AS reason_" + std::to_string(k);
  }
  s += "\nFROM (\n";
  // 4. Reason ranks: 1 + the characteristics ahead (more points below, or as many and earlier).
  s += "SELECT credo_row, " + id + "score";
  if (filled > 0)
    for (std::size_t j = 0; j < m; ++j) {
      s += ",\n  " + col("t_", j) + ", CASE WHEN " + col("d_", j) + " > 0 THEN 1";
      for (std::size_t i = 0; i < m; ++i) {
        if (i == j) continue;
        s += " + CASE WHEN " + col("d_", i) + (i < j ? " >= " : " > ") + col("d_", j) + " THEN 1 ELSE 0 END";
      }
      s += " END AS " + col("r_", j);
    }
  s += "\nFROM (\n";
  // 3. The score: base + p_1 + ... + p_m, left to right.
  s += "SELECT credo_row, " + id + num(static_cast<double>(card.base_points()));
  for (std::size_t j = 0; j < m; ++j) s += " + " + col("p_", j);
  s += " AS score";
  if (filled > 0)
    for (std::size_t j = 0; j < m; ++j) s += ", " + col("d_", j) + ", " + col("t_", j);
  s += "\nFROM (\n";
  // 2. Points, points below the baseline and the reason text of each bin.
  s += "SELECT credo_row, " + id.substr(0, id.size() ? id.size() - 2 : 0) + (id.empty() ? "" : ",");
  for (std::size_t j = 0; j < m; ++j) {
    const auto& c = card.characteristic(j);
    const std::size_t bins = c.bins.size();
    const double baseline = static_cast<double>(card.baselines()[j]);
    auto bin_case = [&](auto value_of) {
      std::string e = "CASE " + col("b_", j);
      for (std::size_t b = 0; b < bins; ++b) {
        if (error && b == c.bins.missing_bin()) continue;  // NULL: no score
        e += " WHEN " + std::to_string(b) + " THEN " + value_of(b);
      }
      return e + " END";
    };
    s += (j ? ",\n  " : "\n  ");
    s += bin_case([&](std::size_t b) { return num(static_cast<double>(card.scored_points(j, b))); }) + " AS " +
         col("p_", j);
    if (filled > 0) {
      // credo's flat form: baseline_j − points as doubles (flat_card::score_row).
      auto below = [&](std::size_t b) { return baseline - static_cast<double>(card.scored_points(j, b)); };
      s += ",\n  " + bin_case([&](std::size_t b) { return num(below(b)); }) + " AS " + col("d_", j);
      s += ",\n  " + bin_case([&](std::size_t b) {
             model::reason_code r;
             r.characteristic = static_cast<std::uint32_t>(j);
             r.bin = static_cast<std::uint32_t>(b);
             r.points_below = below(b);
             return detail::sql_string(card.describe(r));
           }) +
           " AS " + col("t_", j);
    }
  }
  s += "\nFROM (\n";
  // 1. The bin of each characteristic.
  s += "SELECT " + std::string(pg ? "ctid" : "rowid") + " AS credo_row, " + id.substr(0, id.size() ? id.size() - 2 : 0) +
       (id.empty() ? "" : ",");
  for (std::size_t j = 0; j < m; ++j) {
    const auto& c = card.characteristic(j);
    const auto& b = c.bins;
    const std::string x = detail::sql_identifier(c.name);
    s += (j ? ",\n  " : "\n  ");
    s += "CASE WHEN " + x + " IS NULL";
    if (b.is_numeric()) {
      if (pg) s += " OR " + x + " = CAST('NaN' AS DOUBLE PRECISION)";  // PostgreSQL's NaN: credo's missing
      s += " THEN " + std::to_string(b.missing_bin());
      if (!pg) s += " WHEN typeof(" + x + ") NOT IN ('integer', 'real') THEN NULL";  // not a number: no bin
      for (std::size_t i = 0; i < b.specials().size(); ++i)
        s += " WHEN " + x + " = " + num(b.specials()[i]) + " THEN " + std::to_string(b.special_bin(i));
      for (std::size_t i = 0; i < b.cuts().size(); ++i)
        s += " WHEN " + x + " < " + num(b.cuts()[i]) + " THEN " + std::to_string(i);
      s += " ELSE " + std::to_string(b.cuts().size()) + " END AS " + col("b_", j);
    } else {
      s += " OR " + x + " = '' THEN " + std::to_string(b.missing_bin());
      for (std::size_t g = 0; g < b.groups().size(); ++g) {
        if (b.groups()[g].empty()) continue;  // a group without labels matches nothing
        s += " WHEN " + x + " IN (";
        for (std::size_t i = 0; i < b.groups()[g].size(); ++i)
          s += (i ? ", " : "") + detail::sql_string(b.groups()[g][i]);
        s += ") THEN " + std::to_string(g);
      }
      s += " ELSE " + std::to_string(b.unseen_bin()) + " END AS " + col("b_", j);
    }
  }
  s += "\nFROM " + table + "\n) AS credo_bins\n) AS credo_points\n) AS credo_scores\n) AS credo_ranks\n";
  s += "ORDER BY credo_row;\n";
  return s;
}

/// Writes the SELECT to `path` atomically (credo.io.write_failed).
template <class Real>
void save_sql(const model::scorecard<Real>& card, const std::string& path, const sql_options& options = {}) {
  io::write_file_atomic(path, scorecard_to_sql(card, options));
}

}  // namespace credo::interop
