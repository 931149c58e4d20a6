// Forward declarations of credo's public types, with their default template arguments.
//
// As in Boost.Histogram, defaults live here once; the defining headers include this file and
// do not repeat them. Include fwd.hpp to name a credo type without pulling in its definition.
#pragma once

#include <cstdint>

namespace credo {

// core
enum class column_kind;
class column;
class table;
class error_info;
class invalid_input;
class io_error;
class numeric_error;
class logic_error;

namespace io {
struct csv_options;
}  // namespace io

}  // namespace credo
