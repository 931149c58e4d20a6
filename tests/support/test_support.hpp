// Helpers shared by the tests of every area.
#pragma once
#include <limits>
#include <string>

namespace credo::test {

inline constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double inf = std::numeric_limits<double>::infinity();

/// Absolute path of a file in the project's data/ folder.
inline std::string data_path(const std::string& file) { return std::string(CREDO_DATA_DIR) + "/" + file; }

/// Absolute path of a file in tests/reference/ (reference values produced by scripts there).
inline std::string reference_path(const std::string& file) {
  return std::string(CREDO_SOURCE_DIR) + "/tests/reference/" + file;
}

}  // namespace credo::test
