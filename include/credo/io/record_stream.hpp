// Record files read as a stream: one shard's persons, tradelines and inquiries files, person
// by person in blocks, with memory that does not grow with the files.
//
// The input contract (docs/scale.md, "Input contract"): within a shard,
// - the persons file lists each person once;
// - the tradelines and inquiries files hold only persons of that persons file, each person's
//   lines consecutive (grouped by person), the persons in the persons file's order (a person
//   without records has no lines).
// Then every file is read once, front to back, with one row of each in hand. A file that
// breaks the contract is refused with an id naming the file and the first line that breaks
// it: credo.records.unknown_person (no such person in the shard's persons file),
// credo.records.not_grouped (the person's lines resumed after other persons' lines),
// credo.records.out_of_order (grouped, but not in the persons file's order) and
// credo.records.duplicate_person. The records of the offending line are only known to be
// wrong once the persons file ends, so the refusal comes when the shard is read to its end.
#pragma once

#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/features/record_set.hpp>
#include <credo/io/records.hpp>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace credo::io {

namespace detail {

/// A records file read in chunks: next() parses one row at a time from a buffer of about
/// `chunk` bytes (a row longer than that grows it). The CSV dialect of csv_scanner: RFC
/// 4180 quotes, empty lines skipped, a UTF-8 byte order mark ignored.
class record_stream_file : public record_row {
public:
  explicit record_stream_file(const std::string& path, std::size_t chunk = std::size_t{1} << 20)
      : record_row("'" + path + "'"), chunk_(chunk) {
    file_ = std::fopen(path.c_str(), "rb");
    if (!file_)
      CREDO_THROW(io_error, "credo.records.open_failed",
                  name_ + ": cannot open the file: " + std::strerror(errno));
    fill();
    if (buf_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;
    if (!next_fields(header_, line_))
      CREDO_THROW(io_error, "credo.records.empty", name_ + ": no header row");
    check_header();
  }
  record_stream_file(const record_stream_file&) = delete;
  record_stream_file& operator=(const record_stream_file&) = delete;
  ~record_stream_file() {
    if (file_) std::fclose(file_);
  }

  /// Reads the next row; false at the end of the file.
  bool next() {
    if (!next_fields(fields_, line_)) return false;
    check_field_count();
    return true;
  }
  /// Bytes read from the file so far.
  std::uint64_t bytes() const noexcept { return bytes_; }

private:
  /// Appends about a chunk to the unread part of the buffer; false when the file has ended.
  bool fill() {
    if (eof_) return false;
    buf_.erase(0, pos_);
    pos_ = 0;
    const std::size_t at = buf_.size();
    buf_.resize(at + chunk_);
    const std::size_t n = std::fread(buf_.data() + at, 1, chunk_, file_);
    buf_.resize(at + n);
    bytes_ += n;
    if (n < chunk_) {
      if (std::ferror(file_))
        CREDO_THROW(io_error, "credo.records.open_failed", name_ + ": cannot read the file");
      eof_ = true;
    }
    return n > 0;
  }

  bool next_fields(std::vector<std::string>& fields, std::size_t& line) {
    while (true) {
      const std::size_t start = pos_, start_line = next_line_;
      const int r = parse(fields, line);
      if (r >= 0) return r == 1;
      pos_ = start;  // the row runs past the buffer: read more and parse it again
      next_line_ = start_line;
      fill();
    }
  }

  /// 1: a row parsed; 0: the end of the file; -1: the buffer ends inside the row and more of
  /// the file is left.
  int parse(std::vector<std::string>& fields, std::size_t& line) {
    const char* b = buf_.data();
    const std::size_t n = buf_.size();
    auto need_more = [&] { return !eof_; };
    while (pos_ < n && (b[pos_] == '\n' || b[pos_] == '\r')) {
      if (b[pos_] == '\n') ++next_line_;
      ++pos_;
    }
    if (pos_ >= n) return need_more() ? -1 : 0;
    line = next_line_;
    std::size_t count = 0;
    auto field = [&]() -> std::string& {
      if (count == fields.size()) fields.emplace_back();
      std::string& f = fields[count++];
      f.clear();
      return f;
    };
    while (true) {
      std::string& f = field();
      if (pos_ < n && b[pos_] == '"') {
        const std::size_t open_line = next_line_;
        ++pos_;
        while (true) {
          if (pos_ >= n) {
            if (need_more()) return -1;
            CREDO_THROW(io_error, "credo.csv.unterminated_quote",
                        name_ + " line " + std::to_string(open_line) + ", field " + std::to_string(count) +
                            ": a quoted field never closes");
          }
          const char c = b[pos_++];
          if (c == '"') {
            if (pos_ >= n && need_more()) return -1;
            if (pos_ < n && b[pos_] == '"') {
              f += '"';
              ++pos_;
            } else {
              break;
            }
          } else {
            if (c == '\n') ++next_line_;
            f += c;
          }
        }
        if (pos_ < n && b[pos_] != ',' && b[pos_] != '\n' && b[pos_] != '\r')
          CREDO_THROW(io_error, "credo.csv.stray_quote",
                      name_ + " line " + std::to_string(next_line_) + ", field " + std::to_string(count) +
                          ": text follows the closing quote of a quoted field");
      } else {
        const std::size_t from = pos_;
        while (pos_ < n && b[pos_] != ',' && b[pos_] != '\n' && b[pos_] != '\r') {
          if (b[pos_] == '"')
            CREDO_THROW(io_error, "credo.csv.stray_quote",
                        name_ + " line " + std::to_string(next_line_) + ", field " + std::to_string(count) +
                            ": a quote inside an unquoted field (quote the whole field)");
          ++pos_;
        }
        f.assign(b + from, pos_ - from);
      }
      if (pos_ >= n && need_more()) return -1;
      if (pos_ < n && b[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < n && b[pos_] == '\r') {
        if (pos_ + 1 >= n && need_more()) return -1;
        ++pos_;
      }
      if (pos_ < n && b[pos_] == '\n') {
        ++pos_;
        ++next_line_;
      }
      fields.resize(count);
      return 1;
    }
  }

  std::FILE* file_ = nullptr;
  std::size_t chunk_;
  std::string buf_;
  std::size_t pos_ = 0;
  std::size_t next_line_ = 1;
  std::uint64_t bytes_ = 0;
  bool eof_ = false;
};

/// A set of 64-bit hashes, open addressing at most half full: 16 bytes or less a member (a
/// node-based set takes about 40).
class hash_set {
public:
  /// Adds h; false when it was there.
  bool insert(std::uint64_t h) {
    h = h ? h : 1;  // 0 marks an empty slot
    if ((size_ + 1) * 2 > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = mix(h) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == h) return false;
      if (slots_[i] == 0) {
        slots_[i] = h;
        ++size_;
        return true;
      }
    }
  }

private:
  static std::size_t mix(std::uint64_t x) noexcept {  // splitmix64's finaliser
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return static_cast<std::size_t>(x ^ (x >> 31));
  }
  void grow() {
    std::vector<std::uint64_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
    size_ = 0;
    for (auto h : old)
      if (h) insert(h);
  }
  std::vector<std::uint64_t> slots_;
  std::size_t size_ = 0;
};

/// The first line (after the header) of the file at `path` whose column `col` holds `value`,
/// among lines before `before` (0: no limit); 0 when there is none. For error messages only:
/// it reads the file again.
inline std::size_t first_line_with(const std::string& path, std::string_view col, const std::string& value,
                                   std::size_t before = 0) {
  record_stream_file f(path);
  const std::size_t j = f.require(col);
  while (f.next()) {
    if (before && f.line() >= before) break;
    if (f[j] == value) return f.line();
  }
  return 0;
}

}  // namespace detail

/// The three record files of one shard; `inquiries` may be empty (no inquiries).
struct shard_files {
  std::string persons, tradelines, inquiries;
};

/// Reads one shard (the contract at the top of this file) in blocks of persons with their
/// records. Source indices are the order in which the shard names its sources (tradelines
/// first, then inquiries, as read_records numbers them), stable across blocks: every block's
/// record_set carries the sources named so far.
class shard_reader {
public:
  /// `chunk`: bytes read from a file at a time.
  explicit shard_reader(shard_files files, std::size_t chunk = std::size_t{1} << 20)
      : files_(std::move(files)), persons_(files_.persons, chunk) {
    id_ = persons_.require("person_id");
    as_of_ = persons_.require("as_of");
    bad_ = persons_.find("bad");
    for (std::size_t j = 0; j < persons_.header().size(); ++j)
      if (j != id_ && j != as_of_ && static_cast<std::ptrdiff_t>(j) != bad_) segments_.push_back(j);
    tradelines_ = std::make_unique<detail::record_stream_file>(files_.tradelines, chunk);
    tl_ = detail::tradeline_header::of(*tradelines_);
    has_tradeline_ = tradelines_->next();
    if (!files_.inquiries.empty()) {
      inquiries_ = std::make_unique<detail::record_stream_file>(files_.inquiries, chunk);
      iq_pid_ = inquiries_->require("person_id");
      iq_src_ = inquiries_->require("source");
      iq_when_ = inquiries_->require("date");
      has_inquiry_ = inquiries_->next();
    }
  }

  /// The next at most `max_persons` persons (max_persons >= 1) with all their records, in
  /// file order, into `out` (replaced); false when the shard has no person left, after the
  /// check that no record is left over. Person indices in `out` are local to the block.
  bool next(features::record_set& out, std::size_t max_persons) {
    out = features::record_set{};
    auto& p = out.persons;
    std::vector<std::vector<std::string>> labels(segments_.size());
    std::string history;
    std::vector<std::size_t> offsets;
    while (p.size() < max_persons && persons_.next()) {
      const std::string& id = persons_[id_];
      if (id.empty())
        CREDO_THROW(io_error, "credo.records.empty_person", persons_.where(id_) + ": the person id is empty");
      check_unique(id);
      const auto local = static_cast<std::uint32_t>(p.size());
      p.id.push_back(id);
      p.as_of.push_back(persons_.date_at(as_of_));
      if (bad_ >= 0) p.bad.push_back(detail::parse_outcome(persons_, static_cast<std::size_t>(bad_)));
      for (std::size_t s = 0; s < segments_.size(); ++s) labels[s].push_back(persons_[segments_[s]]);
      while (has_tradeline_ && (*tradelines_)[tl_.pid] == id) {
        auto t = detail::parse_tradeline(*tradelines_, tl_, sources_);
        t.person = local;
        first_named(t.source, tradeline_named_, tradeline_order_);
        offsets.push_back(history.size());
        history += (*tradelines_)[tl_.c.payment_history];
        out.tradelines.push_back(t);
        has_tradeline_ = tradelines_->next();
      }
      while (has_inquiry_ && (*inquiries_)[iq_pid_] == id) {
        features::inquiry_record q;
        q.person = local;
        q.source = detail::source_code(sources_, *inquiries_, iq_src_);
        q.when = inquiries_->date_at(iq_when_);
        first_named(q.source, inquiry_named_, inquiry_order_);
        out.inquiries.push_back(q);
        has_inquiry_ = inquiries_->next();
      }
    }
    offsets.push_back(history.size());
    out.set_histories(std::move(history), offsets);
    for (std::size_t s = 0; s < segments_.size(); ++s)
      p.segments.push_back(column::categorical_from_labels(persons_.header()[segments_[s]], labels[s]));
    out.sources = sources_;
    if (p.size() > 0) return true;
    if (has_tradeline_) refuse_left_over(*tradelines_, tl_.pid, files_.tradelines);
    if (has_inquiry_) refuse_left_over(*inquiries_, iq_pid_, files_.inquiries);
    return false;
  }

  /// The sources named so far, by index.
  const std::vector<std::string>& sources() const noexcept { return sources_; }
  /// The sources some tradeline names, in the order first named.
  const std::vector<std::size_t>& tradeline_order() const noexcept { return tradeline_order_; }
  /// The sources only inquiries name (so far), in the order first named.
  std::vector<std::size_t> inquiry_only_order() const {
    std::vector<std::size_t> v;
    for (auto s : inquiry_order_)
      if (s >= tradeline_named_.size() || !tradeline_named_[s]) v.push_back(s);
    return v;
  }
  /// The names of the persons file's segment columns.
  std::vector<std::string> segment_names() const {
    std::vector<std::string> v;
    for (auto j : segments_) v.push_back(persons_.header()[j]);
    return v;
  }
  /// Bytes read from the shard's files so far.
  std::uint64_t bytes() const noexcept {
    return persons_.bytes() + tradelines_->bytes() + (inquiries_ ? inquiries_->bytes() : 0);
  }

private:
  static void first_named(std::size_t s, std::vector<bool>& named, std::vector<std::size_t>& order) {
    if (s >= named.size()) named.resize(s + 1, false);
    if (named[s]) return;
    named[s] = true;
    order.push_back(s);
  }

  // Duplicates are looked for by the 64-bit hash of the id (at most 16 bytes a person of the
  // shard, not the id: the one part of the memory that grows with a shard's persons); a hash
  // seen before is confirmed by reading the persons file again.
  void check_unique(const std::string& id) {
    if (seen_.insert(std::hash<std::string>{}(id))) return;
    if (const auto first = detail::first_line_with(files_.persons, "person_id", id, persons_.line()))
      CREDO_THROW(io_error, "credo.records.duplicate_person",
                  persons_.where(id_) + ": person " + credo::detail::quoted(id) +
                      " appears a second time (first on line " + std::to_string(first) + ")");
  }

  /// The current row of `f` is a record no person of the shard took: say why.
  [[noreturn]] void refuse_left_over(const detail::record_stream_file& f, std::size_t pid, const std::string& path) {
    const std::string& id = f[pid];
    if (!detail::first_line_with(files_.persons, "person_id", id))
      CREDO_THROW(io_error, "credo.records.unknown_person",
                  f.where(pid) + ": person " + credo::detail::quoted(id) + " is not in the shard's persons file '" +
                      files_.persons + "'");
    if (const auto earlier = detail::first_line_with(path, "person_id", id, f.line()))
      CREDO_THROW(io_error, "credo.records.not_grouped",
                  f.where(pid) + ": the lines of person " + credo::detail::quoted(id) + " resume (her first is line " +
                      std::to_string(earlier) +
                      ") after other persons' lines; a person's lines must be consecutive (sort the file by person)");
    CREDO_THROW(io_error, "credo.records.out_of_order",
                f.where(pid) + ": person " + credo::detail::quoted(id) +
                    " comes after persons that follow her in the persons file '" + files_.persons +
                    "'; records must be in the persons file's order");
  }

  shard_files files_;
  detail::record_stream_file persons_;
  std::size_t id_ = 0, as_of_ = 0;
  std::ptrdiff_t bad_ = -1;
  std::vector<std::size_t> segments_;
  std::unique_ptr<detail::record_stream_file> tradelines_, inquiries_;
  detail::tradeline_header tl_{};
  std::size_t iq_pid_ = 0, iq_src_ = 0, iq_when_ = 0;
  bool has_tradeline_ = false, has_inquiry_ = false;
  std::vector<std::string> sources_;
  std::vector<bool> tradeline_named_, inquiry_named_;
  std::vector<std::size_t> tradeline_order_, inquiry_order_;
  detail::hash_set seen_;
};

}  // namespace credo::io
