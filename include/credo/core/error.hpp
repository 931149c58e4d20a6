// credo's error model: standard exception types that carry a stable id.
//
// Every error message reads "[id] where: what", e.g.
//   [credo.binning.no_events] column 'age': no bad in any row; WoE is undefined
// The id is stable across releases and is what tests and callers match on; the text after
// it may improve. All throws go through CREDO_THROW so that a -fno-exceptions build can
// route them to a handler of the user's (as Boost does with boost::throw_exception).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace credo {

/// The part every credo error shares: a stable id such as "credo.table.unknown_column".
class error_info {
public:
  explicit error_info(std::string id) : id_(std::move(id)) {}
  const std::string& id() const noexcept { return id_; }

private:
  std::string id_;
};

namespace detail {
inline std::string format_error(std::string_view id, std::string_view message) {
  std::string s;
  s.reserve(id.size() + message.size() + 3);
  s += '[';
  s += id;
  s += "] ";
  s += message;
  return s;
}
}  // namespace detail

/// Bad input from the caller: an unknown column, a non-binary target, a negative weight...
class invalid_input : public std::invalid_argument, public error_info {
public:
  invalid_input(std::string id, std::string_view message)
      : std::invalid_argument(detail::format_error(id, message)), error_info(std::move(id)) {}
};

/// A file that cannot be read or written, or whose content is damaged.
class io_error : public std::runtime_error, public error_info {
public:
  io_error(std::string id, std::string_view message)
      : std::runtime_error(detail::format_error(id, message)), error_info(std::move(id)) {}
};

/// A computation that cannot give a defined result on valid input (e.g. no events).
class numeric_error : public std::domain_error, public error_info {
public:
  numeric_error(std::string id, std::string_view message)
      : std::domain_error(detail::format_error(id, message)), error_info(std::move(id)) {}
};

/// A call that is valid in general but not in the object's state (e.g. transform before fit).
class logic_error : public std::logic_error, public error_info {
public:
  logic_error(std::string id, std::string_view message)
      : std::logic_error(detail::format_error(id, message)), error_info(std::move(id)) {}
};

#if !defined(__cpp_exceptions) && !defined(CREDO_NO_EXCEPTIONS)
#define CREDO_NO_EXCEPTIONS
#endif

#ifdef CREDO_NO_EXCEPTIONS
/// Defined by the user in a -fno-exceptions build; must not return.
[[noreturn]] void throw_exception(std::string_view kind, std::string_view id, std::string_view message);
#endif

}  // namespace credo

/// Throws credo::TYPE with a stable ID and a MESSAGE (std::string or string literal).
#ifdef CREDO_NO_EXCEPTIONS
#define CREDO_THROW(TYPE, ID, MESSAGE) ::credo::throw_exception(#TYPE, ID, MESSAGE)
#else
#define CREDO_THROW(TYPE, ID, MESSAGE) throw ::credo::TYPE(ID, MESSAGE)
#endif

namespace credo::detail {

/// Quotes a name for an error message: column 'age'.
inline std::string quoted(std::string_view name) {
  std::string s = "'";
  s += name;
  s += "'";
  return s;
}

}  // namespace credo::detail
