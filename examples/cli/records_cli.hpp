// What the commands that read or write sharded record files share: glob expansion of shard
// arguments, and outputs staged under temporary names and committed at the end (a failing or
// interrupted command leaves none of its files behind).
#pragma once

#include <credo/core/error.hpp>
#include <credo/io/atomic_file.hpp>
#include <credo/io/inputs.hpp>
#include <credo/io/record_stream.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

namespace credo::cli {

/// The files a shard argument names: a path as it is (a missing file is named by its reader),
/// or a pattern with * ? [ expanded by io::expand_inputs in byte order (credo.io.no_match when
/// nothing matches).
inline std::vector<std::string> expand_shards(const std::string& arg) {
  if (arg.find_first_of("*?[") == std::string::npos) return {arg};
  return io::expand_inputs(arg);
}

/// The shards of PERSONS TRADELINES [INQUIRIES], paired by position (credo.cli.shard_count
/// when the lists differ in length).
inline std::vector<io::shard_files> shard_list(const std::string& persons, const std::string& tradelines,
                                               const std::string& inquiries) {
  const auto p = expand_shards(persons), t = expand_shards(tradelines);
  const auto q = inquiries.empty() ? std::vector<std::string>{} : expand_shards(inquiries);
  if (t.size() != p.size() || (!inquiries.empty() && q.size() != p.size()))
    CREDO_THROW(invalid_input, "credo.cli.shard_count",
                std::to_string(p.size()) + " persons files, " + std::to_string(t.size()) + " tradelines files" +
                    (inquiries.empty() ? std::string() : " and " + std::to_string(q.size()) + " inquiries files") +
                    ": shards pair up by position, so the counts must be equal");
  std::vector<io::shard_files> out;
  for (std::size_t i = 0; i < p.size(); ++i) out.push_back({p[i], t[i], inquiries.empty() ? std::string() : q[i]});
  return out;
}

namespace detail {
/// The temporaries of the staged_files in flight, for the signal handler: NUL-separated
/// paths, then the staging directory, built before the handler may read them.
struct staged_registry {
  std::atomic<const char*> paths{nullptr};
  std::atomic<std::size_t> size{0};
  std::atomic<const char*> dir{nullptr};
  std::atomic<const char*> created{nullptr};  // the output directory, when the command made it
  static staged_registry& get() noexcept {
    static staged_registry r;
    return r;
  }
};
extern "C" inline void credo_unlink_staged(int sig) {
  auto& r = staged_registry::get();
  const char* p = r.paths.load();
  const std::size_t n = r.size.load();
  for (std::size_t i = 0; p && i < n; i += std::strlen(p + i) + 1) ::unlink(p + i);
  if (const char* d = r.dir.load()) ::rmdir(d);
  if (const char* d = r.created.load()) ::rmdir(d);
  io::detail::credo_unlink_temporaries(sig);  // credo's own temporaries, then the default action
}
}  // namespace detail

/// Files written under temporary names in a staging directory inside `dir` (created when
/// missing), then renamed into `dir` together by commit(). Until then, a failure (the
/// destructor) or SIGINT, SIGTERM, SIGHUP or SIGPIPE removes them all, and `dir` too when
/// this made it and it is empty: `dir` never holds a partial output. Files are written through write(i, text) in any order, appended.
class staged_files {
public:
  staged_files(const std::string& dir, std::vector<std::string> names) : dir_(dir), names_(std::move(names)) {
    namespace fs = std::filesystem;
    std::error_code ec;
    created_ = !fs::exists(dir_, ec) && fs::create_directory(dir_, ec);
    if (!created_) fs::create_directories(dir_, ec);
    if (!fs::is_directory(dir_))
      CREDO_THROW(io_error, "credo.io.write_failed", "cannot create the directory '" + dir_ + "'");
    std::string pattern = (fs::path(dir_) / ".credo-staging-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
      CREDO_THROW(io_error, "credo.io.write_failed",
                  "cannot create a staging directory in '" + dir_ + "': " + std::strerror(errno));
    staging_ = pattern;
    for (const auto& n : names_) {
      registry_text_ += staging_ + "/" + n;
      registry_text_ += '\0';
    }
    auto& r = detail::staged_registry::get();
    r.size.store(registry_text_.size());
    r.paths.store(registry_text_.data());
    r.dir.store(staging_.c_str());
    if (created_) r.created.store(dir_.c_str());
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) std::signal(sig, detail::credo_unlink_staged);
    files_.resize(names_.size(), nullptr);
  }
  staged_files(const staged_files&) = delete;
  staged_files& operator=(const staged_files&) = delete;
  ~staged_files() {
    for (auto* f : files_)
      if (f) std::fclose(f);
    if (!committed_) {
      for (const auto& n : names_) ::unlink((staging_ + "/" + n).c_str());
    }
    ::rmdir(staging_.c_str());
    if (!committed_ && created_) ::rmdir(dir_.c_str());
    auto& r = detail::staged_registry::get();
    r.paths.store(nullptr);
    r.dir.store(nullptr);
    r.created.store(nullptr);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) std::signal(sig, io::detail::credo_unlink_temporaries);
  }

  /// Appends `text` to file i.
  void write(std::size_t i, std::string_view text) {
    if (!files_[i]) {
      files_[i] = std::fopen((staging_ + "/" + names_[i]).c_str(), "wb");
      if (!files_[i]) fail(i, std::strerror(errno));
    }
    if (std::fwrite(text.data(), 1, text.size(), files_[i]) != text.size()) fail(i, std::strerror(errno));
  }
  /// Closes file i (all its text written); a file never closed is closed by commit().
  void close(std::size_t i) {
    if (!files_[i]) write(i, {});
    const bool ok = std::fflush(files_[i]) == 0 && ::fsync(::fileno(files_[i])) == 0;
    const int err = errno;
    const bool closed = std::fclose(files_[i]) == 0;
    files_[i] = nullptr;
    if (!ok || !closed) fail(i, std::strerror(err));
  }
  /// Renames every file into the directory.
  void commit() {
    for (std::size_t i = 0; i < names_.size(); ++i)
      if (files_[i] || !closed_once(i)) close(i);
    for (const auto& n : names_) {
      const std::string from = staging_ + "/" + n, to = dir_ + "/" + n;
      if (::rename(from.c_str(), to.c_str()) != 0)
        CREDO_THROW(io_error, "credo.io.write_failed", "cannot write '" + to + "': " + std::strerror(errno));
    }
    committed_ = true;
  }

private:
  bool closed_once(std::size_t i) const {
    std::error_code ec;
    return std::filesystem::exists(staging_ + "/" + names_[i], ec);
  }
  [[noreturn]] void fail(std::size_t i, const std::string& why) {
    CREDO_THROW(io_error, "credo.io.write_failed", "cannot write '" + dir_ + "/" + names_[i] + "': " + why);
  }

  std::string dir_, staging_;
  std::vector<std::string> names_;
  std::vector<std::FILE*> files_;
  std::string registry_text_;
  bool committed_ = false;
  bool created_ = false;
};

}  // namespace credo::cli
