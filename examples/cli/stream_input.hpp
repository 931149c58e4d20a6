// DATA as a stream, for every command that reads a data file: the files the argument names
// (a path, "-", or a quoted glob of shards), read in chunks into typed columns
// (io::csv_stream), this process's shards (job.hpp), and passes whose accumulators are filled
// per shard and merged in shard order, so that one process and N ranks get the same figures
// bit for bit. Memory does not grow with the rows: a pass holds one chunk and the
// accumulators (docs/scale.md).
#pragma once

#include "common.hpp"

#include <credo/io/csv_stream.hpp>
#include <credo/io/inputs.hpp>

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
    stream_.emplace(std::move(inputs), std::move(opt), std::move(so));
    mine_ = current_job().my_shards(stream_->shards());
    stream_->only(mine_);
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
    std::vector<std::pair<std::size_t, Acc>> parts;
    io::csv_chunk chunk;
    while (stream_->next(chunk)) {
      if (parts.empty() || parts.back().first != chunk.shard) parts.emplace_back(chunk.shard, start);
      fill(parts.back().second, chunk);
      progress(what, static_cast<std::size_t>(stream_->bytes_done() >> 10),
               static_cast<std::size_t>(stream_->bytes_total() >> 10));
    }
    warn_bad_cells();
    if (parts.empty() && !current_job().distributed()) return start;
    return current_job().merge(std::move(parts));
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

}  // namespace credo::cli
