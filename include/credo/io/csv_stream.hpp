// Reading CSV in chunks straight into typed columns, from one file or a list of shard files
// read as one input, in memory bounded by a few chunks.
//
// A chunk is about stream_options::chunk_bytes of the file cut at a record boundary (quote
// parity is tracked, so a quoted field holding newlines never straddles two chunks); a chunk
// never spans two shards. Cells are parsed by read_csv's scanner (as views into the chunk,
// csv_view_scanner) and number parser, so a stream gives, row for row, the cells read_csv gives
// on the same file. A chunk is parsed in stream_options::threads pieces cut at record ends
// (see parse()); codes, bad cells and errors do not depend on the thread count.
//
// The schema is fixed before the first chunk: csv_options::types where given, otherwise the
// first stream_options::infer_rows data rows of shard 0 decide each column's kind by
// read_csv's rule (numeric when every non-missing cell is a number, or when most are and the
// column is not the target). On a file that fits in that sample the kinds equal read_csv's.
// A cell met later that does not fit its column's kind: a non-number in a numeric column is
// credo.csv.mixed_column (inferred kind) or credo.csv.bad_number (declared kind) naming the
// file, row and column, or NaN and listed in bad_cells_found() under
// bad_number_policy::missing. Categorical codes are stable across the chunks (and passes) of
// one stream: each column's dictionary only grows, in order of first appearance in reading
// order, and every chunk's column carries the dictionary as it stands.
//
// Every shard's header must equal shard 0's (credo.csv.header_mismatch). Rows are data rows
// counted from 1 within each shard's file; syntax errors name the file's line.
#pragma once

#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/detail/parallel.hpp>
#include <credo/io/csv.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace credo::io {

class byte_source;

struct stream_options {
  std::size_t chunk_bytes = 16u << 20;  ///< bytes of CSV per chunk, cut at a record boundary
  std::size_t threads = 0;              ///< parsing threads; 0 = all cores
  std::size_t infer_rows = 100000;      ///< rows at the start of shard 0 that decide inferred kinds
  std::vector<std::string> columns;     ///< read only these columns (target and weight always); empty = all
  /// Categorical columns whose dictionary holds only the current chunk's labels (its codes
  /// mean nothing across chunks): row ids and other text that is only passed through, so that
  /// memory does not grow with the distinct values of the whole input. A name that is not
  /// in the header is ignored (the caller names the column it misses in its own terms).
  std::vector<std::string> chunk_labels;
  /// Opens gzip inputs; null: the opener credo/io/gzip.hpp registers, or gzip is refused.
  std::unique_ptr<byte_source> (*open_gzip)(const std::string& path) = nullptr;
};

/// The feature columns of every chunk's table, in file order (the target and the weights,
/// when csv_options names them, are the table's target and weights, not columns).
struct csv_schema {
  std::vector<std::string> names;
  std::vector<column_kind> kinds;
};

struct csv_chunk {
  std::size_t shard = 0;      ///< index of the input the chunk comes from
  std::size_t first_row = 1;  ///< data row (1 = first record after the header) of the chunk's first row
  table data;                 ///< the chunk's rows, typed; target and weights as csv_options say
};

/// Bytes of one input, read in pieces: csv_stream reads every file through one. Plain files
/// and standard input are built in; credo/io/gzip.hpp adds gzip files (zlib).
class byte_source {
public:
  virtual ~byte_source() = default;
  /// Reads up to n bytes into `into`; returns how many, 0 at the end of the input.
  virtual std::size_t read(char* into, std::size_t n) = 0;
  /// Input bytes consumed so far (compressed bytes for a compressed file).
  virtual std::uint64_t consumed() const noexcept = 0;
};

/// Opens a gzip file as a byte source.
using gzip_opener = std::unique_ptr<byte_source> (*)(const std::string& path);

namespace detail {

/// The gzip opener that credo/io/gzip.hpp registers (none without it).
inline gzip_opener& registered_gzip() noexcept {
  static gzip_opener open = nullptr;
  return open;
}

/// A file (or standard input) read in pieces.
class plain_source final : public byte_source {
public:
  explicit plain_source(const std::string& path) : path_(path) {
    std::error_code ec;
    if (path == "-") {
      f_ = stdin;
      return;
    }
    if (std::filesystem::is_directory(path, ec))
      CREDO_THROW(io_error, "credo.csv.open_failed", "'" + path + "': cannot open the file: it is a directory");
    errno = 0;
    f_ = std::fopen(path.c_str(), "rb");
    if (!f_)
      CREDO_THROW(io_error, "credo.csv.open_failed",
                  "'" + path + "': cannot open the file: " + std::strerror(errno));
  }
  plain_source(const plain_source&) = delete;
  plain_source& operator=(const plain_source&) = delete;
  ~plain_source() {
    if (f_ && f_ != stdin) std::fclose(f_);
  }
  std::size_t read(char* into, std::size_t n) override {
    const std::size_t got = std::fread(into, 1, n, f_);
    if (std::ferror(f_)) CREDO_THROW(io_error, "credo.csv.open_failed", "'" + path_ + "': cannot read the file");
    consumed_ += got;
    return got;
  }
  std::uint64_t consumed() const noexcept override { return consumed_; }

private:
  std::string path_;
  std::FILE* f_ = nullptr;
  std::uint64_t consumed_ = 0;
};

/// The end of the last complete record in text[from, ...) (just past its line end), tracking
/// quote parity from `from`, which starts a record; npos when no record ends in the text.
/// Quotes are found by memchr, and each run outside quotes is searched from its end, so a
/// text with few quotes costs little more than its quotes.
inline std::size_t last_record_end(std::string_view text, std::size_t from) noexcept {
  const char* const b = text.data();
  const std::size_t n = text.size();
  bool quoted = false;
  std::size_t end = std::string_view::npos;
  for (std::size_t i = from; i <= n;) {
    const auto* q = static_cast<const char*>(i < n ? std::memchr(b + i, '"', n - i) : nullptr);
    const std::size_t stop = q ? static_cast<std::size_t>(q - b) : n;
    if (!quoted)
      for (std::size_t k = stop; k > i; --k)
        if (b[k - 1] == '\n' || b[k - 1] == '\r') {
          end = k;
          break;
        }
    if (!q) break;
    quoted = !quoted;
    i = stop + 1;
  }
  return end;
}

/// The number of line feeds in the text.
inline std::size_t count_newlines(std::string_view text) noexcept {
  std::size_t n = 0;
  for (const char* p = text.data(), *e = p + text.size();
       (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(e - p)))) != nullptr; ++p)
    ++n;
  return n;
}

/// Appends up to n bytes of `src` to `into`; false at the end of the input.
inline bool append(byte_source& src, std::string& into, std::size_t n) {
  const std::size_t old = into.size();
  into.resize(old + n);
  const std::size_t got = src.read(into.data() + old, n);
  into.resize(old + got);
  return got > 0;
}

}  // namespace detail

/// Chunks of one CSV input made of shard files (see the top of this file).
class csv_stream {
public:
  /// inputs: file paths in reading order (shard 0, 1, ...); "-" = standard input, alone only.
  csv_stream(std::vector<std::string> inputs, csv_options options = {}, stream_options so = {})
      : inputs_(std::move(inputs)), opt_(std::move(options)), so_(std::move(so)) {
    if (inputs_.empty()) CREDO_THROW(invalid_input, "credo.csv.no_input", "csv_stream: no input file given");
    for (const auto& in : inputs_)
      if (in == "-" && inputs_.size() > 1)
        CREDO_THROW(invalid_input, "credo.csv.stdin_alone",
                    "standard input ('-') is read alone, not among " + std::to_string(inputs_.size()) + " inputs");
    if (so_.chunk_bytes == 0) so_.chunk_bytes = 1;
    for (std::size_t s = 0; s < inputs_.size(); ++s) selected_.push_back(s);
    for (const auto& in : inputs_) {
      std::error_code ec;
      const auto size = in == "-" ? std::uintmax_t{0} : std::filesystem::file_size(in, ec);
      sizes_.push_back(ec ? 0 : static_cast<std::uint64_t>(size));
    }
    open_shard(0);
    setup_schema();
    next_sel_ = 1;  // shard 0 is open, its sample in the buffer
  }

  const csv_schema& schema() const noexcept { return schema_; }
  std::size_t shards() const noexcept { return inputs_.size(); }
  const std::string& shard_name(std::size_t s) const { return inputs_.at(s); }

  /// Reads just these shards, in this order (an MPI rank's), from the start of the first.
  void only(std::vector<std::size_t> shards) {
    for (auto s : shards)
      if (s >= inputs_.size())
        CREDO_THROW(invalid_input, "credo.csv.no_shard",
                    "shard " + std::to_string(s) + " does not exist (" + std::to_string(inputs_.size()) + " inputs)");
    selected_ = std::move(shards);
    rewind();
  }

  /// Starts again from the first selected shard (not for standard input).
  void rewind() {
    if (inputs_.front() == "-") {
      if (started_) CREDO_THROW(logic_error, "credo.csv.not_rewindable", "standard input cannot be read twice");
      return;
    }
    next_sel_ = 0;
    source_.reset();
    current_ = npos;
    bytes_before_ = 0;
    rows_done_ = 0;
    bad_.clear();
    any_bad_target_ = false;
    any_positive_weight_ = false;
  }

  /// The next chunk in order; false at the end of the selected shards.
  bool next(csv_chunk& chunk) {
    while (true) {
      if (current_ == npos) {
        if (next_sel_ >= selected_.size()) {
          finish_pass();
          return false;
        }
        open_shard(selected_[next_sel_++]);
      }
      started_ = true;
      // Fill the buffer to a chunk, and further when no record ends in it.
      while (!eof_ && buf_.size() - pos_ < so_.chunk_bytes) {
        if (!detail::append(*source_, buf_, so_.chunk_bytes - (buf_.size() - pos_))) eof_ = true;
      }
      std::size_t end = eof_ ? buf_.size() : detail::last_record_end(buf_, pos_);
      while (end == std::string_view::npos) {
        if (!detail::append(*source_, buf_, so_.chunk_bytes)) eof_ = true;
        end = eof_ ? buf_.size() : detail::last_record_end(buf_, pos_);
      }
      if (end == pos_ && eof_) {
        close_shard();
        continue;
      }
      const std::size_t rows = parse(std::string_view(buf_).substr(pos_, end - pos_), chunk);
      pos_ = end;
      if (pos_ > so_.chunk_bytes) {  // keep the unread tail only
        buf_.erase(0, pos_);
        pos_ = 0;
      }
      if (rows > 0) return true;
    }
  }

  std::uint64_t bytes_done() const noexcept { return bytes_before_ + (source_ ? source_->consumed() : 0); }
  std::uint64_t bytes_total() const noexcept {
    std::uint64_t t = 0;
    for (auto s : selected_) t += sizes_[s];
    return t;
  }
  std::size_t rows_done() const noexcept { return rows_done_; }
  /// Cells that were not numbers (bad_number_policy::missing), one entry per shard and column.
  const std::vector<bad_cells>& bad_cells_found() const noexcept { return bad_; }

private:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  enum class role : std::uint8_t { skip, numeric, categorical, target, weight };
  // Labels are looked up by string_view (heterogeneous look-up): no string is built for a
  // label the dictionary holds.
  struct label_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  struct dictionary {
    std::vector<std::string> labels;
    std::unordered_map<std::string, std::int32_t, label_hash, std::equal_to<>> index;
  };

  std::string where(std::size_t row, std::size_t j) const {
    return "'" + inputs_[current_] + "' row " + std::to_string(row) + ", column " +
           credo::detail::quoted(header_[j]);
  }

  void open_shard(std::size_t s) {
    source_ = std::make_unique<detail::plain_source>(inputs_[s]);
    current_ = s;
    buf_.clear();
    pos_ = 0;
    eof_ = false;
    row_ = 0;
    // The header: the bytes up to the end of the first record (past a byte order mark and
    // empty lines), scanned alone; lines are numbered on from after it.
    auto header_end = [&]() -> std::size_t {
      bool quoted = false;
      std::size_t i = std::string_view(buf_).substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
      while (i < buf_.size() && (buf_[i] == '\n' || buf_[i] == '\r')) ++i;
      for (; i < buf_.size(); ++i) {
        const char c = buf_[i];
        if (c == '"') quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r')) break;
      }
      if (i >= buf_.size() || (buf_[i] == '\r' && i + 1 >= buf_.size())) return std::string_view::npos;
      if (buf_[i] == '\r' && buf_[i + 1] == '\n') ++i;
      return i + 1;
    };
    std::size_t cut = std::string_view::npos;
    while (cut == std::string_view::npos && !eof_) {
      if (!detail::append(*source_, buf_, std::min<std::size_t>(so_.chunk_bytes, 1u << 16))) eof_ = true;
      cut = header_end();
    }
    if (cut == std::string_view::npos) cut = buf_.size();
    if (std::string_view(buf_).substr(0, 2) == "\x1f\x8b") {
      const auto open = so_.open_gzip ? so_.open_gzip : detail::registered_gzip();
      if (!open || inputs_[s] == "-")
        CREDO_THROW(io_error, "credo.io.gzip_unsupported",
                    "'" + inputs_[s] + "' is gzip-compressed; " +
                        (inputs_[s] == "-" ? std::string("standard input is read as plain CSV (zcat the file into it)")
                                           : std::string("include <credo/io/gzip.hpp> and link credo::gzip (zlib) to "
                                                         "read it, or decompress it first")));
      source_ = open(inputs_[s]);
      buf_.clear();
      eof_ = false;
      cut = std::string_view::npos;
      while (cut == std::string_view::npos && !eof_) {
        if (!detail::append(*source_, buf_, std::min<std::size_t>(so_.chunk_bytes, 1u << 16))) eof_ = true;
        cut = header_end();
      }
      if (cut == std::string_view::npos) cut = buf_.size();
    }
    const std::string source = "'" + inputs_[s] + "'";
    credo::io::detail::csv_scanner scan(std::string_view(buf_).substr(0, cut), opt_.delimiter, source);
    std::vector<std::string> header;
    std::size_t line = 0;
    if (!scan.next(header, line)) CREDO_THROW(io_error, "credo.csv.empty", source + ": no header row");
    line_ = scan.line();
    pos_ = cut;
    if (s == 0 && header_.empty()) {
      header_ = std::move(header);
    } else if (header != header_) {
      std::size_t j = 0;
      while (j < header.size() && j < header_.size() && header[j] == header_[j]) ++j;
      const auto name = [](const std::vector<std::string>& h, std::size_t k) {
        return k < h.size() ? credo::detail::quoted(h[k]) : std::string("nothing");
      };
      CREDO_THROW(io_error, "credo.csv.header_mismatch",
                  source + ": the header differs from that of '" + inputs_[0] + "' (column " + std::to_string(j + 1) +
                      " is " + name(header, j) + " here, " + name(header_, j) + " there)");
    }
  }

  void close_shard() {
    bytes_before_ += source_->consumed();
    source_.reset();
    current_ = npos;
  }

  void setup_schema() {
    // The header checks of read_csv, on the header alone.
    parse_csv(header_text(), header_options(), "'" + inputs_[0] + "'");
    const std::size_t ncol = header_.size();
    roles_.assign(ncol, so_.columns.empty() ? role::numeric : role::skip);
    std::unordered_map<std::string_view, std::size_t> col;
    for (std::size_t j = 0; j < ncol; ++j) col.emplace(header_[j], j);
    for (const auto& name : so_.columns) {
      const auto it = col.find(name);
      if (it == col.end())
        CREDO_THROW(invalid_input, "credo.csv.unknown_column",
                    "'" + inputs_[0] + "': column " + credo::detail::quoted(name) +
                        " (stream_options::columns) is not in the header");
      roles_[it->second] = role::numeric;
    }
    target_col_ = weight_col_ = ncol;
    if (!opt_.target.empty()) target_col_ = col.at(opt_.target);
    if (!opt_.weight.empty()) weight_col_ = col.at(opt_.weight);
    // The inference sample: the first infer_rows records of shard 0.
    std::vector<std::size_t> numbers(ncol), not_numbers(ncol);
    missing_.set(opt_.missing_tokens);
    // Read until the buffer holds infer_rows records or the whole file; each try scans on
    // from the record end where the last one stopped, in pieces on the threads (as parse()).
    // The first piece stops at the sample's end; a later one counts all its records, and the
    // one where the sample's last record falls is scanned again, alone, up to that record, so
    // that the counts and the errors are those of one scanner stopping after infer_rows records.
    struct sample_piece {
      std::string_view text;
      std::size_t first_line = 1;
      bool skip_bom = false;
      std::size_t rows = 0;  // records read (before the error, if any)
      std::vector<std::size_t> numbers, not_numbers;
      std::exception_ptr error;
    };
    const std::string source = "'" + inputs_[0] + "'";
    auto scan_piece = [&](sample_piece& p, std::size_t limit) {
      credo::io::detail::csv_view_scanner scan(p.text, opt_.delimiter, source, p.first_line, p.skip_bom);
      std::vector<std::string_view> fields;
      std::size_t at = 0;
      p.numbers.assign(ncol, 0);
      p.not_numbers.assign(ncol, 0);
      const std::less_equal<const char*> le;
      const char* const begin = p.text.data();
      const char* const end = begin + p.text.size();
      while (p.rows < limit && scan.next(fields, at)) {
        ++p.rows;
        for (std::size_t j = 0; j < ncol && j < fields.size(); ++j) {
          const std::string_view s = fields[j];
          if (missing_.contains(s)) continue;
          const char* const cell_end = s.data() + s.size();
          double v;
          const bool number = credo::io::detail::parse_number_within(
              s, le(begin, s.data()) && le(cell_end, end) ? end : cell_end, v);
          (number ? p.numbers : p.not_numbers)[j]++;
        }
      }
    };
    std::size_t rows = 0, scanned = pos_, scan_line = line_;
    while (true) {
      const std::size_t end = eof_ ? buf_.size() : detail::last_record_end(buf_, scanned);
      // The text read so far, in segments of about the bytes the rows still wanted take (by
      // the rows scanned so far), so that little is scanned past the sample's end. The bytes
      // read from the file are as before: the buffer grows only once its text is scanned.
      while (end != std::string_view::npos && scanned < end && rows < so_.infer_rows) {
        std::size_t stop = end;
        if (rows > 0) {
          const double per_row = static_cast<double>(scanned - pos_) / static_cast<double>(rows);
          const double want = 1.1 * per_row * static_cast<double>(so_.infer_rows - rows) + 4096;
          if (want < static_cast<double>(end - scanned)) {
            const std::size_t cut = detail::last_record_end(
                std::string_view(buf_).substr(0, scanned + static_cast<std::size_t>(want)), scanned);
            if (cut != std::string_view::npos) stop = cut;
          }
        }
        const std::string_view text = std::string_view(buf_).substr(scanned, stop - scanned);
        const unsigned threads = credo::detail::thread_count(static_cast<unsigned>(so_.threads), text.size());
        const std::size_t parts = std::min<std::size_t>(text.size(), std::size_t{threads} * (threads > 1 ? 8 : 1));
        std::vector<sample_piece> pieces(std::max<std::size_t>(parts, 1));
        std::size_t from = 0, line = scan_line;
        for (std::size_t t = 0; t < pieces.size(); ++t) {
          std::size_t to = text.size();
          if (t + 1 < pieces.size()) {
            const std::size_t cut = detail::last_record_end(
                text.substr(0, credo::detail::part_begin(text.size(), static_cast<unsigned>(t + 1),
                                                         static_cast<unsigned>(pieces.size()))),
                from);
            to = cut == std::string_view::npos ? from : cut;
          }
          pieces[t].text = text.substr(from, to - from);
          pieces[t].first_line = line;
          pieces[t].skip_bom = from == 0 && scanned == pos_ && line_ == 1;
          line += detail::count_newlines(pieces[t].text);
          from = to;
        }
        // The first piece starts at the sample's next row, so it stops at the sample's end.
        const std::size_t left0 = so_.infer_rows - rows;
        credo::detail::run_items(pieces.size(), threads, [&](std::size_t t) {
          try {
            scan_piece(pieces[t], t == 0 ? left0 : std::numeric_limits<std::size_t>::max());
          } catch (...) {
            pieces[t].error = std::current_exception();
          }
        });
        for (auto& p : pieces) {
          if (rows >= so_.infer_rows) break;
          const std::size_t left = so_.infer_rows - rows;
          if (p.error ? p.rows + 1 <= left : p.rows <= left) {
            if (p.error) std::rethrow_exception(p.error);
          } else {
            p.rows = 0;
            scan_piece(p, left);  // the sample ends inside this piece
          }
          for (std::size_t j = 0; j < ncol; ++j) {
            numbers[j] += p.numbers[j];
            not_numbers[j] += p.not_numbers[j];
          }
          rows += p.rows;
        }
        scanned = stop;
        scan_line = line;
      }
      if (eof_ || rows >= so_.infer_rows) break;
      if (!detail::append(*source_, buf_, std::max(so_.chunk_bytes, buf_.size()))) eof_ = true;
    }
    if (rows > 0) bytes_per_row_ = std::max(1.0, static_cast<double>(scanned - pos_) / static_cast<double>(rows));
    kinds_.assign(ncol, column_kind::numeric);
    declared_.assign(ncol, false);
    for (std::size_t j = 0; j < ncol; ++j) {
      const auto forced = opt_.types.find(header_[j]);
      if (forced != opt_.types.end()) {
        kinds_[j] = forced->second;
        declared_[j] = true;
      } else {
        const bool numeric = not_numbers[j] == 0 || (j != target_col_ && numbers[j] > not_numbers[j]);
        kinds_[j] = numeric ? column_kind::numeric : column_kind::categorical;
      }
      if (roles_[j] != role::skip) roles_[j] = kinds_[j] == column_kind::numeric ? role::numeric : role::categorical;
      if (j == target_col_) roles_[j] = role::target;
      if (j == weight_col_) roles_[j] = role::weight;
      if (roles_[j] == role::numeric || roles_[j] == role::categorical) {
        schema_.names.push_back(header_[j]);
        schema_.kinds.push_back(kinds_[j]);
      }
    }
    dicts_.resize(ncol);
    chunk_local_.assign(ncol, false);
    for (const auto& name : so_.chunk_labels)  // a hint: a name not in the header is ignored
      if (const auto it = col.find(name); it != col.end()) chunk_local_[it->second] = true;
    double b = 0;
    numeric_bad_ = credo::io::detail::parse_number(opt_.bad_value, b);
    bad_number_ = b;
  }

  std::string header_text() const {
    std::string h;
    for (std::size_t j = 0; j < header_.size(); ++j) {
      if (j) h += opt_.delimiter;
      h += '"';
      for (char c : header_[j]) h += c == '"' ? std::string("\"\"") : std::string(1, c);
      h += '"';
    }
    return h + "\n";
  }
  csv_options header_options() const {
    csv_options o = opt_;
    o.target.clear();  // the target is checked by rows, not on a header alone
    o.bad_value.clear();
    if (!opt_.target.empty() && opt_.bad_value.empty())
      CREDO_THROW(invalid_input, "credo.csv.no_bad_value",
                  "'" + inputs_[0] + "': target " + credo::detail::quoted(opt_.target) +
                      " is named but no bad value is given");
    bool found = opt_.target.empty();
    for (const auto& h : header_) found = found || h == opt_.target;
    if (!found)
      CREDO_THROW(invalid_input, "credo.table.unknown_column",
                  "no column " + credo::detail::quoted(opt_.target) + " (the target) in the header of '" + inputs_[0] + "'");
    return o;
  }

  bool is_bad_label(std::string_view s) const {
    double v;
    return s == opt_.bad_value || (numeric_bad_ && credo::io::detail::parse_number(s, v) && v == bad_number_);
  }
  /// Two target cells that mean the same class: equal text or the same number (an
  /// equivalence: NaN equals no number, so "same number" never chains through it).
  static bool same_target(std::string_view a, std::string_view b) {
    double x, y;
    return a == b || (credo::io::detail::parse_number(a, x) && credo::io::detail::parse_number(b, y) && x == y);
  }

  // A chunk is parsed in pieces, one a thread, each cut at a record end; a piece's rows are
  // numbered from 1 until the pieces before it are counted. A piece stops at its first
  // error. Syntax errors name lines, which are known before parsing (the line ends before the
  // piece are counted), so they are thrown as they are; an error that names a row is kept as
  // a cell_error and raised, with the stream's row, when the pieces are stitched in order.
  struct cell_error {
    enum what_t : std::uint8_t { bad_number, mixed_column, missing_target, third_value, bad_weight, invalid_utf8 };
    what_t what;
    std::size_t row, j;  // row within the piece
    std::string cell;
    std::size_t byte = 0;  // invalid_utf8: the offending byte, from 1
  };
  struct bad_note {
    std::size_t j, row;  // row within the piece
    std::string value;   // the cell, for the first note of a column in the piece only
  };
  struct piece {
    std::string_view text;
    std::size_t first_line = 1;
    bool skip_bom = false;
    std::size_t rows = 0;
    std::vector<std::vector<double>> values;
    // Codes into the stream's dictionary, or -2 − k for the piece's k-th new label.
    std::vector<std::vector<std::int32_t>> codes;
    std::vector<dictionary> fresh;  // labels new to the stream, in order of first appearance
    std::vector<std::uint8_t> target;
    std::vector<double> weights;
    std::vector<bad_note> bad;
    std::vector<bool> noted;  // a column's first bad cell in this piece is kept
    // The target's good value: the piece's first non-bad cell, and the good value as the
    // piece ends when it started without one (the stream's rule, see parse_piece).
    std::string first_good, good;
    std::size_t first_good_row = 0;
    bool any_bad_target = false, any_positive_weight = false;
    bool failed = false;
    cell_error cell;
    std::exception_ptr error;
  };

  static constexpr std::int32_t fresh_code(std::size_t k) noexcept { return -2 - static_cast<std::int32_t>(k); }

  /// Parses p.text into p (run on the piece's thread: reads the stream's state, writes p only).
  void parse_piece(piece& p, const std::string& source, std::size_t expect_rows) const {
    const std::size_t ncol = header_.size();
    p.values.assign(ncol, {});
    p.codes.assign(ncol, {});
    p.fresh.assign(ncol, {});
    p.noted.assign(ncol, false);
    for (std::size_t j = 0; j < ncol; ++j) {
      if (roles_[j] == role::numeric) p.values[j].reserve(expect_rows);
      else if (roles_[j] == role::categorical) p.codes[j].reserve(expect_rows);
    }
    if (target_col_ < ncol) p.target.reserve(expect_rows);
    if (weight_col_ < ncol) p.weights.reserve(expect_rows);
    credo::io::detail::csv_view_scanner scan(p.text, opt_.delimiter, source, p.first_line, p.skip_bom);
    std::vector<std::string_view> fields;
    fields.reserve(ncol);
    std::size_t line = 0;
    // A cell in the piece's text may be read on to the text's end; an unescaped one (in the
    // scanner's storage) only to its own end.
    const std::less_equal<const char*> le;
    auto cell_limit = [&, begin = p.text.data(), end = p.text.data() + p.text.size()](std::string_view s) {
      return le(begin, s.data()) && le(s.data() + s.size(), end) ? end : s.data() + s.size();
    };
    auto fail = [&](typename cell_error::what_t what, std::size_t j, std::string_view s, std::size_t byte = 0) {
      p.failed = true;
      p.cell = cell_error{what, p.rows, j, std::string(s), byte};
    };
    while (scan.next(fields, line)) {
      ++p.rows;
      if (fields.size() != ncol)
        CREDO_THROW(io_error, "credo.csv.field_count",
                    source + " line " + std::to_string(line) + ": " + std::to_string(fields.size()) +
                        " fields, the header has " + std::to_string(ncol));
      for (std::size_t j = 0; j < ncol; ++j) {
        const std::string_view s = fields[j];
        switch (roles_[j]) {
          case role::skip: break;
          case role::numeric: {
            double v = std::numeric_limits<double>::quiet_NaN();
            if (!missing_.contains(s) && !credo::io::detail::parse_number_within(s, cell_limit(s), v)) {
              if (opt_.bad_numbers == bad_number_policy::error)
                return fail(declared_[j] ? cell_error::bad_number : cell_error::mixed_column, j, s);
              p.bad.push_back(bad_note{j, p.rows, p.noted[j] ? std::string() : std::string(s)});
              p.noted[j] = true;
              v = std::numeric_limits<double>::quiet_NaN();
            }
            p.values[j].push_back(v);
            break;
          }
          case role::categorical: {
            if (missing_.contains(s)) {
              p.codes[j].push_back(column::missing_code);
              break;
            }
            const auto& d = dicts_[j];
            if (const auto it = d.index.find(s); it != d.index.end()) {
              p.codes[j].push_back(it->second);
              break;
            }
            auto& f = p.fresh[j];
            if (const auto it = f.index.find(s); it != f.index.end()) {
              p.codes[j].push_back(it->second);
              break;
            }
            if (const auto at = credo::io::detail::invalid_utf8_at(s); at != std::string_view::npos)
              return fail(cell_error::invalid_utf8, j, s, at + 1);
            const auto code = fresh_code(f.labels.size());
            f.labels.emplace_back(s);
            f.index.emplace(f.labels.back(), code);
            p.codes[j].push_back(code);
            break;
          }
          case role::target: {
            if (missing_.contains(s)) return fail(cell_error::missing_target, j, s);
            if (is_bad_label(s)) {
              p.target.push_back(1);
              p.any_bad_target = true;
              break;
            }
            if (p.first_good_row == 0) {
              p.first_good = s;
              p.first_good_row = p.rows;
            }
            // The stream's rule: an empty good value is taken over by the next non-bad cell.
            if (p.good.empty()) p.good = s;
            else if (!same_target(s, p.good)) return fail(cell_error::third_value, j, s);
            p.target.push_back(0);
            break;
          }
          case role::weight: {
            double w = 0;
            if (!credo::io::detail::parse_number(s, w) || !std::isfinite(w) || w < 0)
              return fail(cell_error::bad_weight, j, s);
            p.any_positive_weight = p.any_positive_weight || w > 0;
            p.weights.push_back(w);
            break;
          }
        }
      }
    }
  }

  /// Throws the error of a cell at data row `row` of the current shard.
  [[noreturn]] void raise(const cell_error& e, std::size_t row) const {
    const std::size_t j = e.j;
    const std::string cell = credo::io::detail::cell_text(e.cell);
    switch (e.what) {
      case cell_error::bad_number:
        CREDO_THROW(io_error, "credo.csv.bad_number",
                    where(row, j) + ": " + cell + " is not a number, and the column is declared numeric");
      case cell_error::mixed_column:
        CREDO_THROW(io_error, "credo.csv.mixed_column",
                    where(row, j) + ": " + cell +
                        " is not a number, but the first rows made the column numeric; treat such cells "
                        "as missing or declare the column categorical");
      case cell_error::missing_target:
        CREDO_THROW(invalid_input, "credo.table.missing_target", where(row, j) + ": the target is missing (" + cell + ")");
      case cell_error::third_value:
        CREDO_THROW(invalid_input, "credo.table.target_not_binary",
                    where(row, j) + ": a third value " + cell + " besides bad " +
                        credo::io::detail::cell_text(opt_.bad_value) + " and good " + credo::io::detail::cell_text(good_) +
                        "; a target holds two values: check the bad value's spelling (compared exactly, case "
                        "included)");
      case cell_error::bad_weight:
        CREDO_THROW(invalid_input, "credo.table.bad_weight", where(row, j) + ": " + cell + " is not a finite number >= 0");
      case cell_error::invalid_utf8:
        break;
    }
    CREDO_THROW(io_error, "credo.csv.invalid_utf8",
                where(row, j) + ": not valid UTF-8 at byte " + std::to_string(e.byte) + " (" + cell + ")");
  }

  std::size_t parse(std::string_view text, csv_chunk& chunk) {
    const std::size_t ncol = header_.size();
    for (std::size_t j = 0; j < ncol; ++j)
      if (chunk_local_[j]) dicts_[j] = dictionary{};
    const std::string source = "'" + inputs_[current_] + "'";
    // Cut the text into pieces at record ends (quote parity tracked from the text's start,
    // a record start), and find each piece's first line by counting the line ends before it.
    const unsigned parts = credo::detail::thread_count(static_cast<unsigned>(so_.threads), text.size());
    std::vector<piece> pieces(parts);
    {
      std::size_t from = 0, line = line_;
      for (unsigned t = 0; t < parts; ++t) {
        std::size_t to = text.size();
        if (t + 1 < parts) {
          const std::size_t end = detail::last_record_end(text.substr(0, credo::detail::part_begin(text.size(), t + 1, parts)), from);
          to = end == std::string_view::npos ? from : end;
        }
        pieces[t].text = text.substr(from, to - from);
        pieces[t].first_line = line;
        pieces[t].skip_bom = from == 0 && line_ == 1;  // as a scanner of the whole text would
        line += detail::count_newlines(pieces[t].text);
        from = to;
      }
    }
    const std::size_t expect = static_cast<std::size_t>(static_cast<double>(text.size()) / parts / bytes_per_row_) + 16;
    credo::detail::run_parts(parts, parts, [&](unsigned, std::size_t begin, std::size_t end) {
      for (std::size_t t = begin; t < end; ++t) {
        try {
          parse_piece(pieces[t], source, expect);
        } catch (...) {
          pieces[t].error = std::current_exception();
        }
      }
    });
    // Stitch in reading order: the first error in reading order wins, new labels get codes in
    // order of first appearance, bad cells are listed by stream row.
    const std::size_t first = row_ + 1;
    std::vector<std::vector<std::vector<std::int32_t>>> remap(parts);  // fresh code k → stream code
    for (unsigned t = 0; t < parts; ++t) {
      piece& p = pieces[t];
      if (p.first_good_row != 0) {
        // A piece's good value follows the stream's when it had one: the piece's first
        // non-bad cell must then be the same class, and if it is, the piece's later cells
        // compare to it as they would to the stream's (same_target is an equivalence).
        if (good_.empty()) good_ = p.good;
        else if (!same_target(p.first_good, good_))
          raise(cell_error{cell_error::third_value, p.first_good_row, target_col_, p.first_good}, row_ + p.first_good_row);
      }
      if (p.error) std::rethrow_exception(p.error);
      if (p.failed) raise(p.cell, row_ + p.cell.row);
      remap[t].resize(ncol);
      for (std::size_t j = 0; j < ncol; ++j) {
        auto& d = dicts_[j];
        for (const auto& label : p.fresh[j].labels) {
          auto it = d.index.find(std::string_view(label));
          if (it == d.index.end()) {
            d.labels.push_back(label);
            it = d.index.emplace(label, static_cast<std::int32_t>(d.labels.size() - 1)).first;
          }
          remap[t][j].push_back(it->second);
        }
      }
      for (auto& b : p.bad) note_bad(b.j, row_ + b.row, b.value);
      any_bad_target_ = any_bad_target_ || p.any_bad_target;
      any_positive_weight_ = any_positive_weight_ || p.any_positive_weight;
      row_ += p.rows;
    }
    line_ = pieces.back().first_line + detail::count_newlines(pieces.back().text);
    const std::size_t rows = row_ + 1 - first;
    rows_done_ += rows;
    if (rows > 0) bytes_per_row_ = static_cast<double>(text.size()) / static_cast<double>(rows);
    // The columns: the pieces' parts copied side by side (in parallel), codes remapped.
    std::vector<std::size_t> offset(parts + 1, 0);
    for (unsigned t = 0; t < parts; ++t) offset[t + 1] = offset[t] + pieces[t].rows;
    std::vector<std::vector<double>> values(ncol);
    std::vector<std::vector<std::int32_t>> codes(ncol);
    std::vector<std::uint8_t> target;
    std::vector<double> weights;
    auto remapped = [&](unsigned t, std::size_t j, std::int32_t* out) {
      const auto& m = remap[t][j];
      for (std::int32_t c : pieces[t].codes[j]) *out++ = c < column::missing_code ? m[static_cast<std::size_t>(-2 - c)] : c;
    };
    if (parts == 1) {
      values = std::move(pieces[0].values);
      for (std::size_t j = 0; j < ncol; ++j)
        if (!remap[0][j].empty()) remapped(0, j, pieces[0].codes[j].data());
      codes = std::move(pieces[0].codes);
      target = std::move(pieces[0].target);
      weights = std::move(pieces[0].weights);
    } else {
      for (std::size_t j = 0; j < ncol; ++j) {
        if (roles_[j] == role::numeric) values[j].resize(rows);
        else if (roles_[j] == role::categorical) codes[j].resize(rows);
      }
      if (target_col_ < ncol) target.resize(rows);
      if (weight_col_ < ncol) weights.resize(rows);
      credo::detail::run_parts(parts, parts, [&](unsigned, std::size_t begin, std::size_t end) {
        for (std::size_t t = begin; t < end; ++t) {
          const piece& p = pieces[t];
          for (std::size_t j = 0; j < ncol; ++j) {
            if (roles_[j] == role::numeric) std::copy(p.values[j].begin(), p.values[j].end(), values[j].begin() + offset[t]);
            else if (roles_[j] == role::categorical) remapped(static_cast<unsigned>(t), j, codes[j].data() + offset[t]);
          }
          if (target_col_ < ncol) std::copy(p.target.begin(), p.target.end(), target.begin() + offset[t]);
          if (weight_col_ < ncol) std::copy(p.weights.begin(), p.weights.end(), weights.begin() + offset[t]);
        }
      });
    }
    chunk.shard = current_;
    chunk.first_row = first;
    chunk.data = table{};
    for (std::size_t j = 0; j < ncol; ++j) {
      if (roles_[j] == role::numeric) chunk.data.add(column::numeric(header_[j], std::move(values[j])));
      else if (roles_[j] == role::categorical)
        chunk.data.add(column::categorical(header_[j], std::move(codes[j]), dicts_[j].labels));
    }
    if (weight_col_ < ncol) chunk.data.set_weights(std::move(weights), opt_.weight);
    if (target_col_ < ncol) chunk.data.set_target(std::move(target), opt_.target);
    return rows;
  }

  void note_bad(std::size_t j, std::size_t row, const std::string& s) {
    for (auto& b : bad_)
      if (b.column == header_[j] && b.source == inputs_[current_]) {
        b.rows.push_back(row);
        return;
      }
    bad_.push_back(bad_cells{header_[j], {row}, s, inputs_[current_]});
  }

  void finish_pass() {
    if (selected_.size() != inputs_.size() || rows_done_ == 0) return;  // whole-input checks need every shard
    if (target_col_ < header_.size() && !any_bad_target_)
      CREDO_THROW(invalid_input, "credo.csv.bad_value_absent",
                  "'" + inputs_[0] + "' and the other inputs: no row of target " + credo::detail::quoted(opt_.target) +
                      " holds the bad value " + credo::io::detail::cell_text(opt_.bad_value));
    if (weight_col_ < header_.size() && !any_positive_weight_)
      CREDO_THROW(invalid_input, "credo.csv.zero_weights",
                  "'" + inputs_[0] + "': every weight in column " + credo::detail::quoted(opt_.weight) +
                      " is 0; at least one row must weigh more than 0");
  }

  std::vector<std::string> inputs_;
  csv_options opt_;
  stream_options so_;
  std::vector<std::uint64_t> sizes_;
  std::vector<std::size_t> selected_;
  std::size_t next_sel_ = 0;
  std::unique_ptr<byte_source> source_;
  std::size_t current_ = npos;
  std::string buf_;
  std::size_t pos_ = 0;
  bool eof_ = false;
  bool started_ = false;
  std::size_t line_ = 1;
  std::size_t row_ = 0;
  std::vector<std::string> header_;
  csv_schema schema_;
  std::vector<role> roles_;
  std::vector<column_kind> kinds_;
  std::vector<bool> declared_;
  std::vector<dictionary> dicts_;
  std::vector<bool> chunk_local_;  // per file column: stream_options::chunk_labels
  // The missing tokens: few and short, so compared directly (a hash per cell cost more).
  // A cell whose length no token has is turned away by one bit test.
  struct missing_set {
    std::vector<std::string> tokens;
    std::uint64_t lengths = 0;  // bit k: some token has k bytes (bit 63: 63 or more)
    void set(std::vector<std::string> t) {
      tokens = std::move(t);
      lengths = 0;
      for (const auto& s : tokens) lengths |= std::uint64_t{1} << std::min<std::size_t>(s.size(), 63);
    }
    bool contains(std::string_view s) const noexcept {
      if (!(lengths >> std::min<std::size_t>(s.size(), 63) & 1)) return false;
      for (const auto& t : tokens)
        if (t.size() == s.size() && t == s) return true;
      return false;
    }
  } missing_;
  std::size_t target_col_ = 0, weight_col_ = 0;
  bool numeric_bad_ = false;
  double bad_number_ = 0;
  std::string good_;
  bool any_bad_target_ = false, any_positive_weight_ = false;
  std::uint64_t bytes_before_ = 0;
  std::size_t rows_done_ = 0;
  double bytes_per_row_ = 64;  // of the last chunk, to size a piece's columns
  std::vector<bad_cells> bad_;
};

}  // namespace credo::io
