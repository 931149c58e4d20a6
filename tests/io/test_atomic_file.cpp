// write_file_atomic and write_files_atomic on what an output path can be: a new or an
// existing file, a symbolic link, a FIFO, a read-only file, a directory; and a signal
// arriving while a temporary file exists. Everything lives in a fresh temporary directory.
#include <credo/io/atomic_file.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

struct temp_dir {
  fs::path path;
  temp_dir() {
    std::string pattern = (fs::temp_directory_path() / "credo_atomic_XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::size_t temporaries() const {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(path)) n += e.path().filename().string().find(".tmp") != std::string::npos;
    return n;
  }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("a regular file is replaced whole and keeps its mode; a new file is created") {
  temp_dir d;
  const auto p = d.path / "out.csv";
  credo::io::write_file_atomic(p.string(), "one\n");
  CHECK(slurp(p) == "one\n");
  fs::permissions(p, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  credo::io::write_file_atomic(p.string(), "two\n");
  CHECK(slurp(p) == "two\n");
  CHECK((fs::status(p).permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
  CHECK(d.temporaries() == 0);
}

TEST_CASE("a symbolic link keeps pointing at its target, which gets the content") {
  temp_dir d;
  const auto target = d.path / "real.json", link = d.path / "link.json";
  credo::io::write_file_atomic(target.string(), "old");
  fs::create_symlink("real.json", link);  // relative, as users make them
  credo::io::write_file_atomic(link.string(), "new");
  CHECK(fs::is_symlink(link));
  CHECK(slurp(target) == "new");
  CHECK(d.temporaries() == 0);
}

TEST_CASE("a FIFO is written through, never replaced") {
  temp_dir d;
  const auto fifo = d.path / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string got;
  std::thread reader([&] { got = slurp(fifo); });
  credo::io::write_file_atomic(fifo.string(), "through\n");
  reader.join();
  CHECK(got == "through\n");
  CHECK(fs::is_fifo(fifo));
}

TEST_CASE("a read-only file is refused by its mode bits (root included); a directory and '' too") {
  temp_dir d;
  const auto p = d.path / "locked.csv";
  credo::io::write_file_atomic(p.string(), "keep");
  fs::permissions(p, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  CHECK_THROWS_WITH_AS(credo::io::write_file_atomic(p.string(), "lost"),
                       ("[credo.io.read_only] '" + p.string() +
                        "' is read-only; credo does not replace it (make it writable or choose another path)")
                           .c_str(),
                       credo::io_error);
  CHECK(slurp(p) == "keep");
  CHECK_THROWS_WITH_AS(credo::io::write_file_atomic(d.path.string(), "x"),
                       ("[credo.io.write_failed] cannot write '" + d.path.string() + "': it is a directory").c_str(),
                       credo::io_error);
  CHECK_THROWS_WITH_AS(credo::io::write_file_atomic("", "x"), "[credo.io.empty_path] an output path is empty",
                       credo::invalid_input);
  CHECK(d.temporaries() == 0);
}

TEST_CASE("several files: a failure before the renames leaves every target untouched") {
  temp_dir d;
  const auto a = d.path / "a.json", b = d.path / "b.html";
  credo::io::write_file_atomic(a.string(), "old a");
  credo::io::write_file_atomic(b.string(), "old b");
  CHECK_THROWS_AS(credo::io::write_files_atomic({{a.string(), "new a"}, {b.string(), "new b"}},
                                                [] { throw std::runtime_error("standard output closed"); }),
                  std::runtime_error);
  CHECK(slurp(a) == "old a");
  CHECK(slurp(b) == "old b");
  CHECK(d.temporaries() == 0);
  credo::io::write_files_atomic({{a.string(), "new a"}, {b.string(), "new b"}});
  CHECK(slurp(a) == "new a");
  CHECK(slurp(b) == "new b");
}

namespace {

/// Whether `pid` holds a temporary file in `dir` open: a named one there (.NAME.tmpNNN), or
/// an unnamed one (O_TMPFILE: its descriptor's link reads "DIR/#NNN (deleted)").
bool holds_temporary(pid_t pid, const temp_dir& d) {
  if (d.temporaries() > 0) return true;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    const auto to = fs::read_symlink(e.path(), ec).string();
    if (!ec && to.starts_with(d.path.string() + "/") && to.ends_with("(deleted)")) return true;
  }
  return false;
}

/// A child that stages a regular file first, then blocks opening a FIFO nobody reads, so
/// that its temporary file exists until a signal comes; the parent waits until it does.
pid_t child_blocked_while_staged(const temp_dir& d, const fs::path& out, const fs::path& fifo) {
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    credo::io::remove_temporaries_on_signal();
    try {
      credo::io::write_files_atomic({{out.string(), "html"}, {fifo.string(), "json"}});
    } catch (...) {
    }
    ::_exit(3);
  }
  bool staged = false;
  for (int i = 0; i < 500 && !staged; ++i) {
    staged = holds_temporary(child, d);
    if (!staged) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(staged);
  return child;
}

}  // namespace

TEST_CASE("SIGTERM while a temporary file exists removes it") {
  temp_dir d;
  const auto out = d.path / "report.html";
  const pid_t child = child_blocked_while_staged(d, out, d.path / "pipe");
  ::kill(child, SIGTERM);
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGTERM);
  CHECK(d.temporaries() == 0);
  CHECK_FALSE(fs::exists(out));
}

#ifdef O_TMPFILE
// mpirun ends a failed job's ranks with SIGTERM, then SIGKILL a second later: on a loaded
// machine a handler may not run in time. An unnamed temporary file leaves nothing anyway.
TEST_CASE("SIGKILL while a temporary file exists leaves nothing (unnamed until the commit)") {
  temp_dir d;
  const auto out = d.path / "scores.csv";
  const pid_t child = child_blocked_while_staged(d, out, d.path / "pipe");
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
  CHECK(d.temporaries() == 0);
  CHECK_FALSE(fs::exists(out));
}
#endif

TEST_CASE("an output written in pieces: committed whole, or nothing when dropped") {
  temp_dir d;
  const auto p = d.path / "scored.csv";
  credo::io::write_file_atomic(p.string(), "old\n");
  {
    credo::io::staged_output out(p.string());
    out.write("row,score\n");
    out.write("1,600\n");
    CHECK(slurp(p) == "old\n");  // nothing reaches the target before the commit
  }  // dropped: a failed command
  CHECK(slurp(p) == "old\n");
  CHECK(d.temporaries() == 0);
  credo::io::staged_output out(p.string());
  std::string want = "row,score\n";
  out.write(want);
  for (int r = 1; r <= 20000; ++r) {
    const std::string line = std::to_string(r) + ",600\n";
    out.write(line);
    want += line;
  }
  CHECK_THROWS_AS(credo::io::write_files_atomic({}, [] { throw std::runtime_error("stdout closed"); }, {&out}),
                  std::runtime_error);
  CHECK(slurp(p) == "old\n");  // a failure before the renames: untouched
  credo::io::staged_output again(p.string());
  again.write(want);
  credo::io::write_files_atomic({}, {}, {&again});
  CHECK(slurp(p) == want);
  CHECK(d.temporaries() == 0);
}

TEST_CASE("an output written in pieces to a FIFO is held until the commit, then written through") {
  temp_dir d;
  const auto fifo = d.path / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  credo::io::staged_output out(fifo.string());
  std::string want;
  for (int r = 0; r < 50000; ++r) want += std::to_string(r) + "\n";  // larger than a pipe's buffer
  out.write(std::string_view(want).substr(0, 1000));
  out.write(std::string_view(want).substr(1000));
  std::string got;
  std::thread reader([&] { got = slurp(fifo); });  // blocks until the commit opens the FIFO
  credo::io::write_files_atomic({}, {}, {&out});
  reader.join();
  CHECK(got == want);
  CHECK(fs::is_fifo(fifo));
}
