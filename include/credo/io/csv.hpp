// Reading CSV (RFC 4180) into a credo::table.
//
// Fields may be quoted; a quoted field may hold commas, doubled quotes ("") and newlines.
// Lines end in LF or CRLF; the first record is the header. A column is numeric when every
// field that is not a missing token parses as a number, categorical when most fields do not,
// unless csv_options::types says which. A column where most fields are numbers but some are
// not is never made categorical behind the caller's back: csv_options::bad_numbers decides
// (an error by default). Numbers are decimal ("C" locale, '.' as the decimal point, an
// optional exponent, inf and nan); hexadecimal ("0x10") and thousands separators ("1,234")
// are not numbers, since a scorecard's data never means them and "1,234" is 1.234 in half
// of Europe. Beyond double's range a number follows strtod: ±inf, or 0 or a subnormal.
//
// Rows are data rows counted from 1: row 1 is the first record after the header (a record
// may span lines inside quotes, so syntax errors name the file's line instead). Errors name
// the row or line and the column and carry an id. Reading is linear in rows and columns.
#pragma once

#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/detail/file.hpp>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <istream>
#include <iterator>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace credo::io {

/// What becomes of a cell that is not a number in a numeric column (one declared numeric in
/// csv_options::types, or one where most cells are numbers).
enum class bad_number_policy : std::uint8_t {
  error,    ///< credo.csv.bad_number (declared) or credo.csv.mixed_column (inferred)
  missing,  ///< the cell becomes NaN (missing) and is listed in the caller's bad_cells
};

/// The cells of one numeric column that were not numbers (bad_number_policy::missing).
struct bad_cells {
  std::string column;
  std::vector<std::size_t> rows;  ///< data rows, 1 = the first record after the header
  std::string first_value;        ///< the text of the first of them
  std::string source;             ///< the file of the rows (csv_stream; empty from read_csv)
};

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
  /// Cells that are not numbers in a numeric column: an error, or missing values.
  bad_number_policy bad_numbers = bad_number_policy::error;
  /// Who asked for `types` in error messages ("the model file"); "" for the caller.
  std::string types_from;
};

namespace detail {

/// The exact fast path of decimal reading (Clinger 1990, "How to read floating point numbers
/// accurately", PLDI; the first step of fast_float and of strtod in glibc): a number
/// -?d+(.d+)?([eE][+-]?d+)? of at most 19 digits whose digits w are at most 2^53 and whose
/// power of ten is within ±22 is w·10^e or w/10^−e, both factors exact, so one IEEE operation
/// rounds it correctly: the double from_chars gives. False for anything else (the caller
/// then takes from_chars), never a different value.
inline bool parse_plain_decimal(std::string_view s, double& out) noexcept {
  static constexpr double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                     1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const char* p = s.data();
  const char* const e = p + s.size();
  const bool negative = p != e && *p == '-';
  if (negative) ++p;
  std::uint64_t w = 0;
  int digits = 0, scale = 0;
  const char* const int_start = p;
  for (; p != e && static_cast<unsigned>(*p - '0') < 10; ++p, ++digits) w = w * 10 + static_cast<unsigned>(*p - '0');
  if (p == int_start) return false;
  if (p != e && *p == '.') {
    const char* const frac_start = ++p;
    for (; p != e && static_cast<unsigned>(*p - '0') < 10; ++p, ++digits) w = w * 10 + static_cast<unsigned>(*p - '0');
    if (p == frac_start) return false;
    scale = -static_cast<int>(p - frac_start);
  }
  if (digits > 19) return false;  // w may have wrapped
  if (p != e && (*p == 'e' || *p == 'E')) {
    ++p;
    const bool minus = p != e && *p == '-';
    if (p != e && (*p == '-' || *p == '+')) ++p;
    const char* const exp_start = p;
    int x = 0;
    for (; p != e && static_cast<unsigned>(*p - '0') < 10 && p - exp_start < 4; ++p) x = x * 10 + (*p - '0');
    if (p == exp_start) return false;
    scale += minus ? -x : x;
  }
  if (p != e || w > (std::uint64_t{1} << 53) || scale < -22 || scale > 22) return false;
  const double m = static_cast<double>(w);  // exact: w <= 2^53
  const double v = scale < 0 ? m / pow10[-scale] : m * pow10[scale];
  out = negative ? -v : v;
  return true;
}

/// The digits at q (at most 7, stopping before e), read as one 8-byte word (SWAR, as
/// fast_float's parse_eight_digits: Lemire, "Number parsing at a gigabyte per second",
/// Software: Practice and Experience 51(8), 2021): their count, their value in `value`;
/// -1 when the word cannot be read (fewer than 8 bytes before `limit`, or a big-endian
/// machine) or 8 digits follow, for the caller's byte loop. The bytes [q, limit) are readable.
inline int digit_run8(const char* q, const char* e, const char* limit, std::uint64_t& value) noexcept {
  if constexpr (std::endian::native != std::endian::little) {
    return -1;
  } else {
    if (limit - q < 8) return -1;
    std::uint64_t v;
    std::memcpy(&v, q, 8);
    const std::uint64_t x = v ^ 0x3030303030303030ull;  // a digit byte becomes 0-9
    // The high bit of each byte that is not 0-9, exact up to the first such byte (a carry
    // out of a byte of 0x8A or more only reaches the bytes after it).
    const std::uint64_t other = ((x + 0x7676767676767676ull) | x) & 0x8080808080808080ull;
    int n = other == 0 ? 8 : std::countr_zero(other) / 8;
    if (n > e - q) n = static_cast<int>(e - q);  // the cell ends there, whatever follows
    if (n >= 8) return -1;
    if (n == 0) {
      value = 0;
      return 0;
    }
    std::uint64_t y = x << (8 * (8 - n));  // the n digits as the last of eight, zeros before
    y = y * 10 + (y >> 8);
    y = (((y & 0x000000FF000000FFull) * 0x000F424000000064ull) +
         (((y >> 16) & 0x000000FF000000FFull) * 0x0000271000000001ull)) >> 32;
    value = static_cast<std::uint32_t>(y);
    return n;
  }
}

/// parse_plain_decimal for the commonest cells, -?d{1,7}(.d{1,7})?, a word at a time; false
/// for anything else, and when fewer than 8 bytes can be read (the caller then takes
/// parse_number). The digits w < 10^14 and 10^k (k <= 7) are exact, so w / 10^k is rounded
/// correctly (Clinger's fast path, as in parse_plain_decimal). [s.data(), limit) is readable.
inline bool parse_short_decimal(std::string_view s, const char* limit, double& out) noexcept {
  static constexpr double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7};
  static constexpr std::uint64_t scale[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
  const char* p = s.data();
  const char* const e = p + s.size();
  const bool negative = p != e && *p == '-';
  p += negative;
  std::uint64_t a = 0, b = 0;
  const int n1 = digit_run8(p, e, limit, a);
  if (n1 <= 0) return false;
  p += n1;
  int n2 = 0;
  if (p != e) {
    if (*p != '.') return false;
    ++p;
    n2 = digit_run8(p, e, limit, b);
    if (n2 <= 0 || p + n2 != e) return false;
  }
  const double v = static_cast<double>(a * scale[n2] + b) / pow10[n2];
  out = negative ? -v : v;
  return true;
}

inline bool parse_number(std::string_view s, double& out) {
  if (parse_plain_decimal(s, out)) return true;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (p != s.data() + s.size()) return false;
  if (ec == std::errc()) return true;
  if (ec != std::errc::result_out_of_range) return false;
  // from_chars leaves `out` alone beyond double's range; strtod gives ±inf, 0 or a subnormal
  // (the syntax is already known to be decimal, so strtod's hex and locale never apply).
  const std::string copy(s);
  out = std::strtod(copy.c_str(), nullptr);
  return true;
}

/// parse_number for a cell inside a larger text: the bytes from the cell's start up to
/// `limit` may be read (a word at a time), which spares the common cells a loop a digit.
inline bool parse_number_within(std::string_view s, const char* limit, double& out) {
  return parse_short_decimal(s, limit, out) || parse_number(s, out);
}

/// The offset of the first byte of `s` that breaks UTF-8 (overlong forms, surrogates and
/// code points past U+10FFFF included), or npos when `s` is valid.
inline std::size_t invalid_utf8_at(std::string_view s) noexcept {
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned c = u[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) len = 3, lo = 0xA0;
    else if (c == 0xED) len = 3, hi = 0x9F;
    else if (c >= 0xE1 && c <= 0xEF) len = 3;
    else if (c == 0xF0) len = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) len = 4, hi = 0x8F;
    else return i;
    if (i + len > n || u[i + 1] < lo || u[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if (u[i + k] < 0x80 || u[i + k] > 0xBF) return i;
    i += len;
  }
  return std::string_view::npos;
}

/// "'x'" for a cell in a message: at most 40 bytes of it, invalid bytes as \xNN.
inline std::string cell_text(std::string_view s) {
  std::string q = "'";
  std::size_t shown = 0;
  for (unsigned char c : s) {
    if (++shown > 40) {
      q += "...";
      break;
    }
    if (c < 0x20 || c >= 0x80) {
      static constexpr char hex[] = "0123456789abcdef";
      q += "\\x";
      q += hex[c >> 4];
      q += hex[c & 15];
    } else {
      q += static_cast<char>(c);
    }
  }
  return q + "'";
}

/// Splits RFC 4180 text into records of fields without copying them: a field is a view into
/// the text, except a quoted field holding doubled quotes (""), which is unescaped into the
/// scanner's own storage; either view is valid until the next call of next(). `line` gets each
/// record's first line. Errors (ids, lines, fields) are those of csv_scanner, which is this
/// scanner with each field copied into a string.
class csv_view_scanner {
public:
  /// `first_line` is the file line of the text's first byte (the streaming reader scans a file
  /// piece by piece and numbers lines as the whole file does); `skip_bom`: a UTF-8 byte order
  /// mark at the text's start is skipped (only at the start of a file).
  csv_view_scanner(std::string_view text, char delimiter, std::string source, std::size_t first_line = 1,
                   bool skip_bom = true)
      : text_(text), delim_(delimiter), source_(std::move(source)), line_(first_line) {
    if (skip_bom && text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 byte order mark
    // The bytes that end an unquoted field, or break it (a quote): one look-up a byte.
    for (unsigned char c : {static_cast<unsigned char>(delimiter), static_cast<unsigned char>('\n'),
                            static_cast<unsigned char>('\r'), static_cast<unsigned char>('"')})
      stop_[c] = true;
  }
  /// The line the scanner has reached (after the last record read).
  std::size_t line() const noexcept { return line_; }
  /// The offset in the text the scanner has reached (after the last record read).
  std::size_t pos() const noexcept { return pos_; }

  /// Reads the next record into `fields`; false at the end of the text.
  bool next(std::vector<std::string_view>& fields, std::size_t& line) {
    fields.clear();
    const char* const b = text_.data();
    const std::size_t n = text_.size();
    std::size_t pos = pos_;
    // Skip empty lines between records.
    while (pos < n && (b[pos] == '\n' || b[pos] == '\r')) {
      if (b[pos] == '\n') ++line_;
      ++pos;
    }
    pos_ = pos;
    if (pos >= n) return false;
    line = line_;
    std::size_t unescaped = 0;  // quoted fields of this record copied into pool_
    while (true) {
      if (pos < n && b[pos] == '"') {
        const std::size_t open_line = line_;
        const std::size_t start = ++pos;
        std::string* copy = nullptr;
        while (true) {
          const auto* q = static_cast<const char*>(pos < n ? std::memchr(b + pos, '"', n - pos) : nullptr);
          if (!q)
            CREDO_THROW(io_error, "credo.csv.unterminated_quote",
                        source_ + " line " + std::to_string(open_line) + ", field " +
                            std::to_string(fields.size() + 1) + ": a quoted field never closes");
          const auto at = static_cast<std::size_t>(q - b);
          line_ += static_cast<std::size_t>(std::count(b + pos, q, '\n'));
          if (at + 1 < n && b[at + 1] == '"') {  // "" stands for one quote
            if (!copy) {
              if (unescaped == pool_.size()) pool_.emplace_back();
              copy = &pool_[unescaped++];
              copy->assign(b + start, at + 1 - start);
            } else {
              copy->append(b + pos, at + 1 - pos);
            }
            pos = at + 2;
          } else {
            if (copy) copy->append(b + pos, at - pos);
            fields.push_back(copy ? std::string_view(*copy) : std::string_view(b + start, at - start));
            pos = at + 1;
            break;
          }
        }
        if (pos < n && b[pos] != delim_ && b[pos] != '\n' && b[pos] != '\r')
          CREDO_THROW(io_error, "credo.csv.stray_quote",
                      source_ + " line " + std::to_string(line_) + ", field " + std::to_string(fields.size()) +
                          ": text follows the closing quote of a quoted field");
      } else {
        const std::size_t start = pos;
        pos = find_stop(b, pos, n);
        if (pos < n && b[pos] == '"')
          CREDO_THROW(io_error, "credo.csv.stray_quote",
                      source_ + " line " + std::to_string(line_) + ", field " + std::to_string(fields.size() + 1) +
                          ": a quote inside an unquoted field (quote the whole field)");
        fields.emplace_back(b + start, pos - start);
      }
      if (pos < n && b[pos] == delim_) {
        ++pos;
        continue;
      }
      // End of record: CRLF, LF, a lone CR or the end of the text.
      if (pos < n && b[pos] == '\r') ++pos;
      if (pos < n && b[pos] == '\n') {
        ++pos;
        ++line_;
      }
      pos_ = pos;
      return true;
    }
  }

private:
  /// The first byte at or after pos that ends or breaks an unquoted field, or n: sixteen bytes
  /// at a time with SSE2 (x86-64's baseline), so that the end of a cell of up to 15 bytes is
  /// found without a branch a byte.
  std::size_t find_stop(const char* b, std::size_t pos, std::size_t n) const noexcept {
#if defined(__SSE2__)
    const __m128i d = _mm_set1_epi8(delim_), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'),
                  quote = _mm_set1_epi8('"');
    for (; pos + 16 <= n; pos += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + pos));
      const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, lf)),
                                       _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, quote)));
      const auto bits = static_cast<unsigned>(_mm_movemask_epi8(hit));
      if (bits) return pos + static_cast<std::size_t>(std::countr_zero(bits));
    }
#endif
    while (pos < n && !stop_[static_cast<unsigned char>(b[pos])]) ++pos;
    return pos;
  }

  std::string_view text_;
  char delim_;
  std::string source_;
  std::size_t pos_ = 0;
  std::size_t line_;
  bool stop_[256] = {};
  std::deque<std::string> pool_;  // unescaped fields; a deque, so a view survives growth
};

/// Splits RFC 4180 text into records of fields copied into strings; `lines` gets each
/// record's first line.
class csv_scanner {
public:
  /// `first_line` is the file line of the text's first byte. A byte order mark is skipped
  /// only at the start of a file (first_line 1).
  csv_scanner(std::string_view text, char delimiter, std::string source, std::size_t first_line = 1)
      : views_(text, delimiter, std::move(source), first_line, first_line == 1) {}
  /// The line the scanner has reached (after the last record read).
  std::size_t line() const noexcept { return views_.line(); }

  /// Reads the next record into `fields`; false at the end of the text.
  bool next(std::vector<std::string>& fields, std::size_t& line) {
    fields.clear();
    if (!views_.next(cells_, line)) return false;
    fields.reserve(cells_.size());
    for (auto c : cells_) fields.emplace_back(c);
    return true;
  }

private:
  csv_view_scanner views_;
  std::vector<std::string_view> cells_;
};

}  // namespace detail

/// Parses CSV text into a table. `source` names the text in error messages. Under
/// bad_number_policy::missing, the cells that were not numbers are appended to `bad`.
inline table parse_csv(std::string_view text, const csv_options& options = {},
                       const std::string& source = "csv", std::vector<bad_cells>* bad = nullptr) {
  detail::csv_scanner scan(text, options.delimiter, source);
  std::vector<std::string> header;
  std::size_t line = 0;
  if (!scan.next(header, line))
    CREDO_THROW(io_error, "credo.csv.empty", source + ": no header row");
  // Names are checked through a hash set: a pairwise check made wide files quadratic.
  std::unordered_map<std::string_view, std::size_t> column_of;
  column_of.reserve(header.size());
  for (std::size_t j = 0; j < header.size(); ++j) {
    if (header[j].empty())
      CREDO_THROW(io_error, "credo.csv.empty_name",
                  source + " line " + std::to_string(line) + ": column " + std::to_string(j + 1) +
                      " of the header has no name");
    if (const auto at = detail::invalid_utf8_at(header[j]); at != std::string_view::npos)
      CREDO_THROW(io_error, "credo.csv.invalid_utf8",
                  source + " line " + std::to_string(line) + ": the name of column " + std::to_string(j + 1) +
                      " is not valid UTF-8 at byte " + std::to_string(at + 1) + " (" +
                      detail::cell_text(header[j]) + ")");
    if (!column_of.emplace(header[j], j).second)
      CREDO_THROW(io_error, "credo.csv.duplicate_name",
                  source + " line " + std::to_string(line) + ": column name " + credo::detail::quoted(header[j]) +
                      " appears twice in the header");
  }
  for (const auto& [name, kind] : options.types)
    if (!column_of.contains(name))
      CREDO_THROW(invalid_input, "credo.csv.unknown_column",
                  options.types_from.empty()
                      ? source + ": a type is given for column " + credo::detail::quoted(name) + ", which is not in the header"
                      : source + ": column " + credo::detail::quoted(name) + ", which " + options.types_from +
                            " needs, is not in the header");
  auto named_column = [&](const std::string& name, const char* role) {
    const auto it = column_of.find(name);
    if (it == column_of.end())
      CREDO_THROW(invalid_input, "credo.table.unknown_column",
                  "no column " + credo::detail::quoted(name) + " (the " + role + ") in the header of " + source);
    return it->second;
  };
  const std::size_t target_col = options.target.empty() ? header.size() : named_column(options.target, "target");
  const std::size_t weight_col = options.weight.empty() ? header.size() : named_column(options.weight, "weights");
  if (!options.target.empty() && options.bad_value.empty())
    CREDO_THROW(invalid_input, "credo.csv.no_bad_value",
                source + ": target " + credo::detail::quoted(options.target) + " is named but no bad value is given");

  const std::size_t ncol = header.size();
  std::vector<std::vector<std::string>> cells(ncol);
  std::vector<std::string> fields;
  while (scan.next(fields, line)) {
    if (fields.size() != ncol)
      CREDO_THROW(io_error, "credo.csv.field_count",
                  source + " line " + std::to_string(line) + ": " + std::to_string(fields.size()) +
                      " fields, the header has " + std::to_string(ncol));
    for (std::size_t j = 0; j < ncol; ++j) cells[j].push_back(std::move(fields[j]));
  }
  const std::size_t nrow = ncol == 0 ? 0 : cells[0].size();

  const std::unordered_set<std::string_view> missing_set(options.missing_tokens.begin(),
                                                         options.missing_tokens.end());
  auto is_missing = [&](const std::string& s) { return missing_set.contains(s); };
  auto where = [&](std::size_t j, std::size_t r) {
    return source + " row " + std::to_string(r + 1) + ", column " + credo::detail::quoted(header[j]);
  };

  // The target and the weights are checked here, so their messages number rows as every
  // other message does (the table's own checks count from 0).
  if (target_col < ncol) {
    const auto& col = cells[target_col];
    double bad_number = 0;
    const bool numeric_bad = detail::parse_number(options.bad_value, bad_number);
    auto is_bad = [&](const std::string& s) {
      double v;
      return s == options.bad_value || (numeric_bad && detail::parse_number(s, v) && v == bad_number);
    };
    // The bad value first: when it is misspelt, every other message would mislead.
    bool any_bad = false;
    for (std::size_t r = 0; r < nrow && !any_bad; ++r) any_bad = is_bad(col[r]);
    if (!any_bad && nrow > 0) {
      std::string seen;
      std::unordered_set<std::string_view> values;
      for (std::size_t r = 0; r < nrow && values.size() < 5; ++r)
        if (values.insert(col[r]).second) seen += (seen.empty() ? "" : ", ") + detail::cell_text(col[r]);
      CREDO_THROW(invalid_input, "credo.csv.bad_value_absent",
                  source + ": no row of target " + credo::detail::quoted(options.target) + " holds the bad value " +
                      detail::cell_text(options.bad_value) + " (it holds " + seen + ")");
    }
    const std::string* good = nullptr;
    for (std::size_t r = 0; r < nrow; ++r) {
      if (is_missing(col[r]))
        CREDO_THROW(invalid_input, "credo.table.missing_target",
                    where(target_col, r) + ": the target is missing (" + detail::cell_text(col[r]) + ")");
      if (is_bad(col[r])) continue;
      if (!good) {
        good = &col[r];
      } else if (*good != col[r]) {
        double a, b;
        if (!(detail::parse_number(*good, a) && detail::parse_number(col[r], b) && a == b))
          CREDO_THROW(invalid_input, "credo.table.target_not_binary",
                      where(target_col, r) + ": a third value " + detail::cell_text(col[r]) + " besides bad " +
                          detail::cell_text(options.bad_value) + " and good " + detail::cell_text(*good));
      }
    }
  }
  if (weight_col < ncol) {
    const auto& col = cells[weight_col];
    bool any_positive = false;
    for (std::size_t r = 0; r < nrow; ++r) {
      double w = 0;
      if (!detail::parse_number(col[r], w) || !std::isfinite(w) || w < 0)
        CREDO_THROW(invalid_input, "credo.table.bad_weight",
                    where(weight_col, r) + ": " + detail::cell_text(col[r]) + " is not a finite number >= 0");
      any_positive = any_positive || w > 0;
    }
    if (!any_positive && nrow > 0)
      CREDO_THROW(invalid_input, "credo.csv.zero_weights",
                  source + ": every weight in column " + credo::detail::quoted(options.weight) +
                      " is 0; at least one row must weigh more than 0");
  }

  table t;
  for (std::size_t j = 0; j < ncol; ++j) {
    const auto& col = cells[j];
    const auto forced = options.types.find(header[j]);
    bool numeric;
    bool declared = forced != options.types.end();
    std::size_t not_numbers = 0, numbers = 0;
    if (declared) {
      numeric = forced->second == column_kind::numeric;
    } else {
      double v;
      for (const auto& s : col) {
        if (is_missing(s)) continue;
        (detail::parse_number(s, v) ? numbers : not_numbers)++;
      }
      // Mostly numbers: a numeric column with damaged cells, not a categorical one.
      numeric = not_numbers == 0 || (j != target_col && numbers > not_numbers);
    }
    if (numeric) {
      std::vector<double> values(col.size());
      bad_cells found{header[j], {}, {}, {}};
      for (std::size_t r = 0; r < col.size(); ++r) {
        if (is_missing(col[r])) {
          values[r] = std::numeric_limits<double>::quiet_NaN();
        } else if (!detail::parse_number(col[r], values[r])) {
          if (options.bad_numbers == bad_number_policy::error && declared)
            CREDO_THROW(io_error, "credo.csv.bad_number",
                        source + " row " + std::to_string(r + 1) + ", column " + credo::detail::quoted(header[j]) + ": " +
                            detail::cell_text(col[r]) + " is not a number, and the column is declared numeric");
          if (found.rows.empty()) found.first_value = col[r];
          found.rows.push_back(r + 1);
          values[r] = std::numeric_limits<double>::quiet_NaN();
        }
      }
      if (!found.rows.empty()) {
        if (options.bad_numbers == bad_number_policy::error)
          CREDO_THROW(io_error, "credo.csv.mixed_column",
                      source + ", column " + credo::detail::quoted(header[j]) + ": " + std::to_string(found.rows.size()) + " of " +
                          std::to_string(numbers + not_numbers) +
                          " cells are not numbers (the first in row " + std::to_string(found.rows.front()) + ": " +
                          detail::cell_text(found.first_value) +
                          "); treat them as missing or declare the column categorical");
        if (bad) bad->push_back(std::move(found));
      }
      t.add(column::numeric(header[j], std::move(values)));
    } else {
      for (std::size_t r = 0; r < col.size(); ++r)
        if (const auto at = detail::invalid_utf8_at(col[r]); at != std::string_view::npos)
          CREDO_THROW(io_error, "credo.csv.invalid_utf8",
                      where(j, r) + ": not valid UTF-8 at byte " + std::to_string(at + 1) + " (" +
                          detail::cell_text(col[r]) + ")");
      t.add(column::categorical_from_labels(header[j], col, options.missing_tokens));
    }
    std::vector<std::string>().swap(cells[j]);
  }
  if (!options.weight.empty()) t.set_weights(options.weight);
  if (!options.target.empty()) t.set_target(options.target, options.bad_value);
  return t;
}

/// Reads a whole stream as CSV.
inline table read_csv(std::istream& in, const csv_options& options = {},
                      const std::string& source = "stream", std::vector<bad_cells>* bad = nullptr) {
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_csv(text, options, source, bad);
}

/// Reads a CSV file; throws credo.csv.open_failed, with the system's reason, when it cannot
/// be opened or read (or is a directory).
inline table read_csv(const std::string& path, const csv_options& options = {},
                      std::vector<bad_cells>* bad = nullptr) {
  return parse_csv(credo::detail::read_whole_file(path, credo::detail::no_file_limit, "credo.csv"), options,
                   "'" + path + "'", bad);
}

}  // namespace credo::io
