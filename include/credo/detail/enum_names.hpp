// One name table per enum: the single source of an enum's names for to_string, the model
// and session files, and the command line (CLI11's CheckedTransformer takes the map that
// name_map() builds).
//
// An area declares its table next to the enum, once:
//
//   enum class rounding_method { none, nearest, largest_remainder };
//   template <>
//   struct credo::detail::enum_names<rounding_method> {
//     static constexpr enum_name<rounding_method> table[] = {
//         {rounding_method::none, "none"}, {rounding_method::nearest, "nearest"}, ...};
//   };
//   inline const char* to_string(rounding_method m) noexcept { return detail::name_of(m); }
//
// and every reader parses with detail::parse_enum<E>(text), which says which names exist.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace credo::detail {

/// One entry of an enum's table: the value and its stable name.
template <class E>
struct enum_name {
  E value;
  const char* name;
};

/// Specialise with `static constexpr enum_name<E> table[]` listing every value once.
template <class E>
struct enum_names;

/// Whether E has a name table.
template <class E>
concept named_enum = requires { enum_names<E>::table; };

/// The name of e, or "?" for a value outside the table (never for a value the library makes).
template <named_enum E>
constexpr const char* name_of(E e) noexcept {
  for (const auto& entry : enum_names<E>::table)
    if (entry.value == e) return entry.name;
  return "?";
}

/// The value named `text`, or nullopt.
template <named_enum E>
constexpr std::optional<E> enum_from_name(std::string_view text) noexcept {
  for (const auto& entry : enum_names<E>::table)
    if (text == entry.name) return entry.value;
  return std::nullopt;
}

/// Every name of E in table order, "a, b, c" (for messages that list what is accepted).
template <named_enum E>
std::string enum_name_list(std::string_view separator = ", ") {
  std::string s;
  for (const auto& entry : enum_names<E>::table) {
    if (!s.empty()) s += separator;
    s += entry.name;
  }
  return s;
}

/// name → value, the map CLI11's CheckedTransformer takes.
template <named_enum E>
std::map<std::string, E> name_map() {
  std::map<std::string, E> m;
  for (const auto& entry : enum_names<E>::table) m.emplace(entry.name, entry.value);
  return m;
}

}  // namespace credo::detail
