// The input files one command-line argument names: a path, standard input ("-"), or a glob
// pattern of shard files ('dir/part-*.csv', quoted so that the shell leaves it to credo).
#pragma once

#include <credo/core/error.hpp>

#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace credo::io {

/// An existing path (or "-") is itself, and so is a path without any of * ? [ (its reader then
/// says why it cannot be opened); otherwise `arg` is a POSIX glob(3) pattern, expanded in
/// sorted (byte) order. No match: credo.io.no_match naming the pattern.
inline std::vector<std::string> expand_inputs(const std::string& arg) {
  std::error_code ec;
  if (arg == "-" || std::filesystem::exists(arg, ec) || arg.find_first_of("*?[") == std::string::npos) return {arg};
  glob_t g{};
  const int rc = ::glob(arg.c_str(), 0, nullptr, &g);
  std::vector<std::string> paths;
  if (rc == 0)
    for (std::size_t i = 0; i < g.gl_pathc; ++i) paths.emplace_back(g.gl_pathv[i]);
  ::globfree(&g);
  if (paths.empty())
    CREDO_THROW(invalid_input, "credo.io.no_match", "'" + arg + "': no file exists by that name or matches it as a pattern");
  std::sort(paths.begin(), paths.end());  // glob sorts by the locale's collation; shards go in byte order
  return paths;
}

}  // namespace credo::io
