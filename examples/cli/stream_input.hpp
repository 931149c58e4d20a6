// DATA as a stream, for every command that reads a data file: the files the argument names
// (a path, "-", or a quoted glob of shards), read in chunks into typed columns
// (io::csv_stream), this process's shards (job.hpp), and passes whose accumulators are filled
// per shard and merged in shard order, so that one process and N ranks get the same figures
// bit for bit. Memory does not grow with the rows: a pass holds one chunk and the
// accumulators (docs/scale.md).
#pragma once

#include "common.hpp"

#include <credo/binning/stream.hpp>
#include <credo/io/csv_stream.hpp>
#include <credo/io/inputs.hpp>
#ifdef CREDO_CLI_WITH_GZIP
#include <credo/io/gzip.hpp>  // registers the gzip opener: shards may be .csv.gz
#endif

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

namespace credo::cli {

/// Standard input copied to an unlinked temporary file, so that a command can read it more
/// than once (binning takes two passes, a fit several). The file is gone when the process
/// ends, however it ends; it is read back through /proc/self/fd.
class spooled_stdin {
public:
  spooled_stdin() {
    const char* dir = std::getenv("TMPDIR");
    std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/credo-stdin.XXXXXX";
    fd_ = ::mkstemp(pattern.data());
    if (fd_ < 0)
      CREDO_THROW(io_error, "credo.io.spool_failed",
                  "cannot copy standard input to a temporary file in " + pattern + ": " + std::strerror(errno));
    ::unlink(pattern.c_str());
    std::vector<char> buf(1u << 20);
    while (true) {
      const ssize_t n = ::read(0, buf.data(), buf.size());
      if (n == 0) break;
      if (n < 0) {
        if (errno == EINTR) continue;
        CREDO_THROW(io_error, "credo.io.read_failed", std::string("cannot read standard input: ") + std::strerror(errno));
      }
      if (!io::detail::write_all(fd_, std::string_view(buf.data(), static_cast<std::size_t>(n))))
        CREDO_THROW(io_error, "credo.io.spool_failed",
                    std::string("cannot copy standard input to a temporary file: ") + std::strerror(errno));
    }
  }
  spooled_stdin(const spooled_stdin&) = delete;
  spooled_stdin& operator=(const spooled_stdin&) = delete;
  ~spooled_stdin() {
    if (fd_ >= 0) ::close(fd_);
  }
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

private:
  int fd_ = -1;
};

/// The csv_options of a labelled data file as data_options give them.
inline io::csv_options labelled_options(const data_options& d, io::csv_options opt = {}) {
  if (d.bad.empty())
    CREDO_THROW(invalid_input, "credo.cli.empty_bad", "--bad is empty; give the outcome value that means bad");
  opt.target = d.target;
  opt.bad_value = d.bad;
  opt.weight = d.weight;
  if (d.bad_cells == "missing") opt.bad_numbers = io::bad_number_policy::missing;
  for (const auto& c : d.categorical) opt.types[c] = column_kind::categorical;
  return opt;
}

/// The cells of each chunk that were not numbers (bad_number_policy::missing), chunk by
/// chunk. csv_stream::bad_cells_found() lists them for the whole pass so far, one entry per
/// shard file and column, rows counted within the shard's file; this finds those of one chunk
/// (rows [first_row, first_row + rows) of its shard) without rescanning the earlier ones.
/// Call reset() when the stream is rewound.
class chunk_bad_cells {
public:
  void reset() { seen_.clear(); }

  /// Calls f(column name, row index within the chunk) for every bad cell of `chunk`, the
  /// cells of a row in the order of the chunk's columns (the file's, as read_csv lists them).
  template <class F>
  void each(const io::csv_stream& s, const io::csv_chunk& chunk, F&& f) {
    const auto& found = s.bad_cells_found();
    if (seen_.size() > found.size()) seen_.clear();  // a new pass began without reset()
    seen_.resize(found.size(), 0);
    const std::string& file = s.shard_name(chunk.shard);
    const std::size_t lo = chunk.first_row, hi = lo + chunk.data.rows();
    // Entries of this file in column order, so that a row's columns come in file order.
    std::vector<std::pair<std::size_t, std::size_t>> mine;  // (column index, entry)
    for (std::size_t i = 0; i < found.size(); ++i)
      if (found[i].source == file)
        if (const auto c = chunk.data.find(found[i].column)) mine.emplace_back(*c, i);
    std::sort(mine.begin(), mine.end());
    for (const auto& [c, i] : mine) {
      (void)c;
      const auto& rows = found[i].rows;
      auto& k = seen_[i];
      for (; k < rows.size() && rows[k] < hi; ++k)
        if (rows[k] >= lo) f(found[i].column, rows[k] - lo);
    }
  }

private:
  std::vector<std::size_t> seen_;  // per entry of bad_cells_found(): rows already handed out
};

/// One command's DATA read in passes over this process's shards.
class data_stream {
public:
  /// `arg`: DATA as given; `opt`: how cells are read; `so.columns`: the columns a command needs
  /// (empty: all).
  data_stream(const std::string& arg, io::csv_options opt, io::stream_options so = {}) : arg_(arg) {
    std::vector<std::string> inputs;
    if (arg == "-") {
      spool_.emplace();
      inputs.push_back(spool_->path());
    } else {
      inputs = io::expand_inputs(arg);
    }
    named([&] {
      stream_.emplace(std::move(inputs), std::move(opt), std::move(so));
      mine_ = current_job().my_shards(stream_->shards());
      stream_->only(mine_);
    });
  }

  /// Runs f() (reading the stream); a credo error it throws that names standard input's
  /// spool ('/proc/self/fd/N') is thrown again, same type and id, naming "standard input".
  template <class F>
  void named(F&& f) {
    if (!spool_) return (void)f();
    const std::string spool = "'" + spool_->path() + "'";
    const auto shown = [&](const std::exception& e, const error_info& info) {
      std::string m = e.what();
      const std::string prefix = "[" + info.id() + "] ";
      if (m.starts_with(prefix)) m.erase(0, prefix.size());
      for (auto at = m.find(spool); at != std::string::npos; at = m.find(spool, at)) m.replace(at, spool.size(), "standard input");
      return m;
    };
    try {
      f();
    } catch (const invalid_input& e) {
      throw invalid_input(e.id(), shown(e, e));
    } catch (const io_error& e) {
      throw io_error(e.id(), shown(e, e));
    } catch (const numeric_error& e) {
      throw numeric_error(e.id(), shown(e, e));
    } catch (const logic_error& e) {
      throw logic_error(e.id(), shown(e, e));
    }
  }

  const io::csv_schema& schema() const noexcept { return stream_->schema(); }
  io::csv_stream& stream() noexcept { return *stream_; }
  std::size_t shards() const noexcept { return stream_->shards(); }
  const std::string& argument() const noexcept { return arg_; }

  /// One pass: every chunk of this process's shards, in order, goes to fill(acc, chunk) on an
  /// accumulator of its shard that starts as `start`; the shards' accumulators merge in shard
  /// order over the whole job, and every rank gets the result. Progress "WHAT NN%" by bytes.
  template <class Acc, class Fill>
  Acc pass(const std::string& what, const Acc& start, Fill&& fill) {
    stream_->rewind();
    // One process folds each shard's accumulator into the sum as soon as the shard ends
    // ((s0 += s1) += s2 ..., the order of job::merge), so a pass holds two accumulators
    // however many shards there are; under MPI the rank keeps one per shard of its own for
    // rank 0's ordered merge (docs/mpi.md).
    const bool keep_parts = current_job().distributed();
    std::vector<std::pair<std::size_t, Acc>> parts;
    std::optional<Acc> sum;
    auto fold_last = [&] {
      if (keep_parts || parts.empty()) return;
      if (!sum) sum = std::move(parts.back().second);
      else *sum += parts.back().second;
      parts.clear();
    };
    io::csv_chunk chunk;
    while (stream_->next(chunk)) {
      if (parts.empty() || parts.back().first != chunk.shard) {
        fold_last();
        parts.emplace_back(chunk.shard, start);
      }
      fill(parts.back().second, chunk);
      progress(what, static_cast<std::size_t>(stream_->bytes_done() >> 10),
               static_cast<std::size_t>(stream_->bytes_total() >> 10));
    }
    warn_bad_cells();
    if (!keep_parts) {
      fold_last();
      return sum ? std::move(*sum) : start;
    }
    return current_job().merge(std::move(parts));
  }

  /// Every chunk of this process's shards, in order, to f(chunk), with progress "WHAT NN%";
  /// for a pass that fills something other than a mergeable accumulator (a store of bin codes).
  template <class F>
  void for_each_chunk(const std::string& what, F&& f) {
    stream_->rewind();
    io::csv_chunk chunk;
    while (stream_->next(chunk)) {
      f(chunk);
      progress(what, static_cast<std::size_t>(stream_->bytes_done() >> 10),
               static_cast<std::size_t>(stream_->bytes_total() >> 10));
    }
    warn_bad_cells();
  }

  /// The feature columns' names, as "a, b, c" (for an unknown column's message).
  std::string column_list() const {
    std::string known;
    for (const auto& n : schema().names) known += (known.empty() ? "" : ", ") + n;
    return known;
  }
  /// Whether DATA has a feature column of this name.
  bool has_column(const std::string& name) const {
    return std::find(schema().names.begin(), schema().names.end(), name) != schema().names.end();
  }
  /// The command reports the rows with such cells itself: warn_bad_cells() stays silent.
  void quiet_bad_cells() noexcept { warned_ = true; }

  /// The cells of the last pass that were not numbers, announced once per command on stderr
  /// (bad_number_policy::missing; the error policy throws instead).
  void warn_bad_cells() {
    if (warned_) return;
    warned_ = true;
    const auto& found = stream_->bad_cells_found();
    if (!found.empty()) progress_done();
    for (const auto& b : found)
      std::fprintf(stderr, "credo: warning: column '%s': %zu cells are not numbers (the first in row %zu: %s); read as missing\n",
                   b.column.c_str(), b.rows.size(), b.rows.front(), io::detail::cell_text(b.first_value).c_str());
  }

private:
  std::string arg_;
  std::optional<spooled_stdin> spool_;
  std::optional<io::csv_stream> stream_;
  std::vector<std::size_t> mine_;
  bool warned_ = false;
};

/// Bins the chosen columns of DATA in the two passes of binning::stream_binner (the second
/// only when a numeric column is chosen): the tables fit() gives on the whole input.
inline binning::woe_encoder stream_bin(data_stream& in, const binning::encoder_options& options) {
  binning::stream_binner binner(in.schema().names, in.schema().kinds, options);
  const auto first = in.pass("binning: pass 1 of 2", binner.start(),
                             [&](auto& acc, const io::csv_chunk& c) { binner.fill(acc, c.data); });
  auto second = binner.next(first);
  bool any_numeric = false;
  for (const auto& c : binner.columns())
    for (std::size_t j = 0; j < in.schema().names.size(); ++j)
      any_numeric = any_numeric || (in.schema().names[j] == c && in.schema().kinds[j] == column_kind::numeric);
  if (any_numeric)
    second = in.pass("binning: pass 2 of 2", second, [&](auto& acc, const io::csv_chunk& c) { binner.fill(acc, c.data); });
  return binner.encoder(binner.finish(first, second));
}

}  // namespace credo::cli
