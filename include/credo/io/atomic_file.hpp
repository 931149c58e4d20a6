// Writing a whole file so that readers see the old content or the new, never a half of it:
// write a temporary file in the same directory, flush it, then rename it over the target
// (rename is atomic within one file system, POSIX rename(2)).
#pragma once

#include <credo/core/error.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <system_error>

namespace credo::io {

/// Replaces the file at `path` with `content`; on failure the old file is untouched and
/// credo.io.write_failed names the path.
inline void write_file_atomic(const std::string& path, std::string_view content) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::random_device rd;
  const fs::path tmp = dir / ("." + target.filename().string() + ".tmp" + std::to_string(rd()));
  auto fail = [&](const std::string& why) {
    std::error_code ec;
    fs::remove(tmp, ec);
    CREDO_THROW(io_error, "credo.io.write_failed", "cannot write '" + path + "': " + why);
  };
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) fail("cannot create a temporary file in '" + dir.string() + "'");
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) fail("writing the temporary file failed");
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) fail(ec.message());
}

}  // namespace credo::io
