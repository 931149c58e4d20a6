// The library's one whole-file reader: CSV tables, bureau record files and engine session
// files are read through it, so every format refuses a file it cannot open or one above its
// size limit the same way, with the same ids, before any memory is spent on it.
#pragma once

#include <credo/core/error.hpp>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <limits>
#include <string>
#include <string_view>

namespace credo::detail {

/// No size limit: for formats whose files are as large as the data (CSV tables, records).
inline constexpr std::size_t no_file_limit = std::numeric_limits<std::size_t>::max();

/// The bytes of the file at `path`. `what` is the id prefix of the format ("credo.csv"):
/// throws io_error `<what>.open_failed` when the file cannot be opened or read, and
/// `<what>.too_large` when it has more than max_bytes bytes (checked from its size, before
/// it is read). Messages name the file first and give the system's reason: "'data.csv':
/// cannot open the file: No such file or directory"; a directory is refused as such (an
/// ifstream opens one on Linux and then fails on the first read).
inline std::string read_whole_file(const std::string& path, std::size_t max_bytes, std::string_view what) {
  const std::string where = "'" + path + "': ";
  auto fail = [&](std::string_view id, const std::string& message) {
    CREDO_THROW(io_error, std::string(what) + "." + std::string(id), where + message);
  };
  auto too_large = [&](std::uint64_t bytes) {
    fail("too_large", std::to_string(bytes) + " bytes, more than the limit " + std::to_string(max_bytes));
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail("open_failed", "cannot open the file: it is a directory");
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    fail("open_failed", std::string("cannot open the file") + (err != 0 ? std::string(": ") + std::strerror(err) : ""));
  }
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0) {
    // Not seekable (a pipe, /dev/stdin): read in pieces, refused once past the limit.
    in.clear();
    std::string text;
    char piece[1 << 16];
    while (in.read(piece, sizeof piece) || in.gcount() > 0) {
      text.append(piece, static_cast<std::size_t>(in.gcount()));
      if (text.size() > max_bytes) too_large(text.size());
    }
    if (in.bad()) fail("open_failed", "cannot read the file");
    return text;
  }
  if (static_cast<std::uint64_t>(size) > max_bytes) too_large(static_cast<std::uint64_t>(size));
  in.seekg(0);
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), size);
  if (!in) fail("open_failed", "cannot read the file");
  return text;
}

}  // namespace credo::detail
