// credo's version, as CMake's project() states it.
#pragma once

#define CREDO_VERSION_MAJOR 0
#define CREDO_VERSION_MINOR 1
#define CREDO_VERSION_PATCH 0

namespace credo {
inline constexpr const char* version_string = "0.1.0";
}  // namespace credo
