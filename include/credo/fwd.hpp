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

// binning
namespace binning {
class bins;
class bin_counts;
class binning_table;
struct binning_options;
struct encoder_options;
namespace smoothing {
struct add_constant;
struct zero_woe;
}  // namespace smoothing
template <class Smoothing = smoothing::add_constant>
class woe_encoder;
}  // namespace binning

}  // namespace credo
