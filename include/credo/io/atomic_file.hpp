// Writing whole files so that readers see the old content or the new, never a half of it:
// write a temporary file in the same directory, flush it, then rename it over the target
// (rename is atomic within one file system, POSIX rename(2)). What the path is decides how:
// - a regular file, or nothing yet: temporary file + rename; an existing file keeps its mode;
// - a symbolic link: its final target is replaced the same way and the link is kept;
// - a FIFO, a character device, a socket, /dev/stdout, /dev/fd/N or /proc/self/fd/N: written
//   through in place (renaming over them would replace a device or a pipe by a plain file);
// - a read-only file (no write bit in its mode, or not writable by this process): refused
//   with credo.io.read_only. The mode bits decide, not a failed open, so root is refused too;
// - a directory or an empty path: refused.
// Temporary files are removed on every failure path and, once remove_temporaries_on_signal()
// was called, on SIGINT, SIGTERM, SIGHUP and SIGPIPE too. On Linux the temporary file has no
// name until the commit (O_TMPFILE, then linkat and rename), so even SIGKILL leaves nothing.
//
// An output may also be written in pieces (staged_output): the pieces go straight to the
// staged file (for a FIFO or device, to an unlinked file in $TMPDIR, written through at the
// commit), so that memory does not grow with the content and a failure before the commit
// still leaves every target as it was.
#pragma once

#include <credo/core/error.hpp>

#include <array>
#include <atomic>
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace credo::io {

namespace detail {

/// Temporary paths a signal handler may unlink. Slots are fixed, so the handler touches no
/// allocator and no lock (unlink(2) is async-signal-safe); a slot is published by its flag
/// after its path is written.
struct temp_registry {
  static constexpr std::size_t slots = 16;
  static constexpr std::size_t max_path = 4096;
  std::array<std::array<char, max_path>, slots> paths{};
  std::array<std::atomic<bool>, slots> used{};

  static temp_registry& get() noexcept {
    static temp_registry r;
    return r;
  }
  /// The slot holding `path`, or `slots` when all are taken or the path is too long (the
  /// file is then still removed on every failure path, only not on a signal).
  std::size_t add(const std::string& path) noexcept {
    if (path.size() >= max_path) return slots;
    for (std::size_t i = 0; i < slots; ++i) {
      bool expected = false;
      if (claimed_[i].compare_exchange_strong(expected, true)) {
        std::memcpy(paths[i].data(), path.c_str(), path.size() + 1);
        used[i].store(true);
        return i;
      }
    }
    return slots;
  }
  void remove(std::size_t i) noexcept {
    if (i >= slots) return;
    used[i].store(false);
    claimed_[i].store(false);
  }
  void unlink_all() noexcept {
    for (std::size_t i = 0; i < slots; ++i)
      if (used[i].load()) ::unlink(paths[i].data());
  }

private:
  std::array<std::atomic<bool>, slots> claimed_{};
};

extern "C" inline void credo_unlink_temporaries(int sig) {
  temp_registry::get().unlink_all();
  std::signal(sig, SIG_DFL);  // then die of the signal as the caller expects
  std::raise(sig);
}

/// A temporary file beside its target, removed unless released; registered for signals.
class temp_file {
public:
  explicit temp_file(std::string path) : path_(std::move(path)), slot_(temp_registry::get().add(path_)) {}
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  ~temp_file() {
    if (!released_) ::unlink(path_.c_str());
    temp_registry::get().remove(slot_);
  }
  const std::string& path() const noexcept { return path_; }
  void release() noexcept { released_ = true; }

private:
  std::string path_;
  std::size_t slot_;
  bool released_ = false;
};

[[noreturn]] inline void write_failed(const std::string& path, const std::string& why) {
  CREDO_THROW(io_error, "credo.io.write_failed", "cannot write '" + path + "': " + why);
}

inline bool write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

/// Paths that name a process's open descriptors: renaming over them (or over what they
/// point to) would cut the file from the shell's redirection.
inline bool is_descriptor_path(const std::string& p) {
  return p == "/dev/stdout" || p == "/dev/stderr" || p.starts_with("/dev/fd/") || p.starts_with("/proc/self/fd/");
}

/// Follows symbolic links to the final path (which may not exist yet).
inline std::filesystem::path final_target(const std::filesystem::path& p, const std::string& shown) {
  namespace fs = std::filesystem;
  fs::path cur = p;
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(cur, ec))) return cur;
    const fs::path next = fs::read_symlink(cur, ec);
    if (ec) write_failed(shown, "cannot read the symbolic link: " + ec.message());
    cur = next.is_absolute() ? next : cur.parent_path() / next;
  }
  write_failed(shown, "too many levels of symbolic links");
}

/// Bytes held in an unlinked temporary file in $TMPDIR (or /tmp): written once, in pieces,
/// then read back in pieces. The file has no name from the start, so it is gone when closed
/// or when the process ends, however it ends (a signal, a kill, an abort).
class spool {
public:
  spool() {
    const char* dir = std::getenv("TMPDIR");
    std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/credo-spool.XXXXXX";
    fd_ = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (fd_ < 0) write_failed(pattern, std::string("cannot create a temporary file: ") + std::strerror(errno));
    ::unlink(pattern.c_str());
    shown_ = "a temporary file in " + pattern.substr(0, pattern.rfind('/'));
  }
  spool(const spool&) = delete;
  spool& operator=(const spool&) = delete;
  ~spool() {
    if (fd_ >= 0) ::close(fd_);
  }
  void write(std::string_view piece) {
    if (!write_all(fd_, piece)) write_failed(shown_, std::strerror(errno));
    size_ += piece.size();
  }
  std::uint64_t size() const noexcept { return size_; }
  /// Calls sink(std::string_view) on the content, from the start, in pieces of at most `piece` bytes.
  template <class Sink>
  void replay(Sink&& sink, std::size_t piece = 1u << 20) const {
    std::string buf(piece, '\0');
    std::uint64_t at = 0;
    while (at < size_) {
      const ssize_t n = ::pread(fd_, buf.data(), static_cast<std::size_t>(std::min<std::uint64_t>(piece, size_ - at)),
                                static_cast<off_t>(at));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) write_failed(shown_, n < 0 ? std::strerror(errno) : "it ended early");
      sink(std::string_view(buf.data(), static_cast<std::size_t>(n)));
      at += static_cast<std::uint64_t>(n);
    }
  }

private:
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::string shown_;
};

/// One output being staged: for a regular target (or a symbolic link's final target), a
/// temporary file beside it, created at once (registered for removal on signals) and filled
/// by append(); commit() renames it over the target. For a FIFO, device, socket or
/// descriptor path, the content is held (a view of the caller's string, or what append()
/// wrote, in a spool) and commit() writes it through. Nothing reaches the target before commit().
class staged_file {
public:
  explicit staged_file(const std::string& path) : shown_(path) {
    namespace fs = std::filesystem;
    if (path.empty()) CREDO_THROW(invalid_input, "credo.io.empty_path", "an output path is empty");
    struct stat st {};
    if (is_descriptor_path(path) || (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))) {
      through_ = true;  // FIFO, device, socket, a descriptor: opened when committed
      return;
    }
    target_ = final_target(fs::path(path), path).string();
    if (is_descriptor_path(target_)) {
      through_ = true;
      return;
    }
    if (::stat(target_.c_str(), &st) == 0) {
      if (S_ISDIR(st.st_mode)) write_failed(path, "it is a directory");
      if ((st.st_mode & 0222) == 0 || ::access(target_.c_str(), W_OK) != 0)
        CREDO_THROW(io_error, "credo.io.read_only",
                    "'" + path + "' is read-only; credo does not replace it (make it writable or choose another path)");
      mode_ = st.st_mode & 07777;
      exists_ = true;
    }
    const fs::path t(target_);
    const fs::path dir = t.has_parent_path() ? t.parent_path() : fs::path(".");
    dir_ = dir.string();
    base_ = "." + t.filename().string() + ".tmp";
#ifdef O_TMPFILE
    // Linux: a file without a name in the target's directory, given one only at commit(), so
    // that nothing is left behind even when the process is killed by SIGKILL (as mpirun
    // does to a job's ranks a second after SIGTERM). Where the file system cannot, a named one.
    fd_ = ::open(dir_.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    if (fd_ >= 0) {
      unnamed_ = true;
      return;
    }
#endif
    std::random_device rd;
    for (int attempt = 0; attempt < 16 && fd_ < 0; ++attempt) {
      temp_.emplace_back(std::make_unique<temp_file>((dir / (base_ + std::to_string(rd()))).string()));
      fd_ = ::open(temp_.back()->path().c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd_ < 0) {
        temp_.back()->release();  // not ours: never unlink a file another process made
        temp_.pop_back();
        if (errno != EEXIST) break;  // no such directory, no permission: the message below
      }
    }
    if (fd_ < 0) write_failed(path, "cannot create a temporary file in '" + dir.string() + "'");
  }
  staged_file(const staged_file&) = delete;
  staged_file& operator=(const staged_file&) = delete;
  ~staged_file() {
    if (fd_ >= 0) ::close(fd_);  // the temporary file goes with temp_
  }

  /// Whether the path is written through in place (FIFO, device, descriptor).
  bool through() const noexcept { return through_; }
  const std::string& path() const noexcept { return shown_; }

  /// Appends a piece of the content (pieces of a few KiB or more: each is one write(2)).
  void append(std::string_view piece) {
    if (finished_) CREDO_THROW(logic_error, "credo.io.write_failed", "'" + shown_ + "': appended to after it was finished");
    if (through_) {
      if (!spool_) spool_ = std::make_unique<spool>();
      spool_->write(piece);
      return;
    }
    if (!write_all(fd_, piece)) fail(std::strerror(errno));
  }
  /// The whole content at once, held as a view (the caller keeps it alive until commit()).
  void set(std::string_view content) {
    if (through_) view_ = content;
    else append(content);
  }
  /// Ends the content: the temporary file gets the old file's mode and is flushed to disk.
  void finish() {
    if (finished_) return;
    finished_ = true;
    if (through_) return;
    const bool ok = (!exists_ || ::fchmod(fd_, mode_) == 0) && ::fsync(fd_) == 0;
    const int err = errno;
    if (unnamed_) {  // kept open: commit() names it through the descriptor
      if (!ok) fail(std::strerror(err));
      return;
    }
    const int rc = ::close(fd_);
    fd_ = -1;
    if (rc != 0 || !ok) fail(std::strerror(err));
  }

  void commit() {
    finish();
    if (through_) {
      const int fd = ::open(shown_.c_str(), O_WRONLY | O_CLOEXEC | O_APPEND);
      if (fd < 0) write_failed(shown_, std::strerror(errno));
      bool ok = write_all(fd, view_);
      int err = errno;
      if (ok && spool_)
        try {
          spool_->replay([&](std::string_view piece) {
            if (!write_all(fd, piece)) {
              err = errno;
              write_failed(shown_, std::strerror(err));
            }
          });
        } catch (...) {
          ::close(fd);
          throw;
        }
      ::close(fd);
      if (!ok) write_failed(shown_, std::strerror(err));
      return;
    }
    if (unnamed_) name_unnamed();
    if (::rename(temp_.back()->path().c_str(), target_.c_str()) != 0) write_failed(shown_, std::strerror(errno));
    temp_.back()->release();
  }

private:
  /// Gives the unnamed file a temporary name beside the target (registered for removal like
  /// any temporary file), for the rename.
  void name_unnamed() {
    std::random_device rd;
    const std::string fd_path = "/proc/self/fd/" + std::to_string(fd_);
    int err = 0;
    for (int attempt = 0; attempt < 16; ++attempt) {
      temp_.emplace_back(std::make_unique<temp_file>((std::filesystem::path(dir_) / (base_ + std::to_string(rd()))).string()));
      const char* name = temp_.back()->path().c_str();
      if (::linkat(AT_FDCWD, fd_path.c_str(), AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0 ||
          ::linkat(fd_, "", AT_FDCWD, name, AT_EMPTY_PATH) == 0) {
        ::close(fd_);
        fd_ = -1;
        unnamed_ = false;
        return;
      }
      err = errno;
      temp_.back()->release();  // not made by us: never unlink it
      temp_.pop_back();
      if (err != EEXIST) break;
    }
    write_failed(shown_, std::string("cannot name the temporary file in '") + dir_ + "': " + std::strerror(err));
  }

  [[noreturn]] void fail(const char* why) {
    write_failed(shown_, std::string("writing the temporary file failed: ") + why);
  }

  std::string shown_, target_, dir_, base_;
  bool through_ = false, exists_ = false, finished_ = false, unnamed_ = false;
  mode_t mode_ = 0666;
  int fd_ = -1;
  std::string_view view_;
  std::unique_ptr<spool> spool_;
  std::vector<std::unique_ptr<temp_file>> temp_;
};

/// A prepared write of a whole content: for a regular target, the temporary file already
/// holds the content and commit() renames it; for a FIFO or device, commit() writes through.
class staged_write {
public:
  staged_write(const std::string& path, std::string_view content) : file_(path) {
    file_.set(content);
    file_.finish();
  }
  bool through() const noexcept { return file_.through(); }
  void commit() { file_.commit(); }

private:
  staged_file file_;
};

}  // namespace detail

/// Removes credo's temporary files when the process gets SIGINT, SIGTERM, SIGHUP or SIGPIPE,
/// then lets the signal end it as usual. A program calls it once (the credo command line
/// does); a library never installs handlers on its own.
inline void remove_temporaries_on_signal() {
  (void)detail::temp_registry::get();  // constructed before any handler can run
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) std::signal(sig, detail::credo_unlink_temporaries);
}

/// An output written in pieces and committed with others by write_files_atomic: the pieces
/// go straight to the staged temporary file beside the target (or, for a FIFO, device or
/// descriptor path, to an unlinked temporary file in $TMPDIR, written through at the commit),
/// so no piece reaches the target, and memory does not grow with the content. Dropped
/// without a commit, it leaves nothing behind.
class staged_output {
public:
  /// Stages an output for `path` (see the top of this file for links, FIFOs, devices and
  /// read-only files: a read-only file is refused here, before any content).
  explicit staged_output(const std::string& path) : file_(std::make_unique<detail::staged_file>(path)) {}
  void write(std::string_view piece) { file_->append(piece); }
  const std::string& path() const noexcept { return file_->path(); }
  detail::staged_file& staged() noexcept { return *file_; }

private:
  std::unique_ptr<detail::staged_file> file_;
};

/// Writes several files as one step: every regular file's content goes to its temporary
/// file first; then FIFOs and devices are written through and `before_rename` runs (the
/// command line writes standard output there); only then are the temporary files renamed
/// over their targets, so a failure in any earlier step leaves every regular target untouched.
/// `streamed` are outputs whose content was written in pieces (staged_output); they commit
/// in the same steps.
inline void write_files_atomic(const std::vector<std::pair<std::string, std::string_view>>& files,
                               const std::function<void()>& before_rename = {},
                               const std::vector<staged_output*>& streamed = {}) {
  std::vector<std::unique_ptr<detail::staged_write>> staged;
  for (const auto& [path, content] : files) staged.push_back(std::make_unique<detail::staged_write>(path, content));
  for (auto* s : streamed) s->staged().finish();
  for (auto& s : staged)
    if (s->through()) s->commit();
  for (auto* s : streamed)
    if (s->staged().through()) s->staged().commit();
  if (before_rename) before_rename();
  for (auto& s : staged)
    if (!s->through()) s->commit();
  for (auto* s : streamed)
    if (!s->staged().through()) s->staged().commit();
}

/// Replaces the file at `path` with `content` (see the top of this file for links, FIFOs,
/// devices and read-only files); on failure the old file is untouched and
/// credo.io.write_failed names the path.
inline void write_file_atomic(const std::string& path, std::string_view content) {
  write_files_atomic({{path, content}});
}

}  // namespace credo::io
