// Checks shared by the exporters: which bytes a PMML (XML 1.0) document or an SQL string
// literal can carry, and the refusal of float models.
#pragma once

#include <credo/core/error.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace credo::interop::detail {

/// Whether s is UTF-8 (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF) and,
/// with xml_chars, made only of XML 1.0 characters (XML 1.0 §2.2: #x9 | #xA | #xD |
/// [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]; no other code point can appear in a
/// document, not even as a character reference). Without xml_chars only NUL is refused
/// (an SQL string cannot hold it).
inline bool is_text(std::string_view s, bool xml_chars) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned c = p[i];
    std::uint32_t cp = 0;
    std::size_t len = 0;
    if (c < 0x80) cp = c, len = 1;
    else if ((c & 0xE0) == 0xC0) cp = c & 0x1F, len = 2;
    else if ((c & 0xF0) == 0xE0) cp = c & 0x0F, len = 3;
    else if ((c & 0xF8) == 0xF0) cp = c & 0x07, len = 4;
    else return false;
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
      return false;
    if (cp >= 0xD800 && cp <= 0xDFFF) return false;
    if (cp == 0) return false;
    if (xml_chars) {
      const bool ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                      (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
      if (!ok) return false;
    }
    i += len;
  }
  return true;
}

/// Refuses a float card or model (credo.interop.float_model): credo sums its points in
/// float, a PMML evaluator or a database in double, so the scores could differ.
template <class Real>
void refuse_float(std::string_view what) {
  if (!std::is_same_v<Real, double>)
    CREDO_THROW(invalid_input, "credo.interop.float_model",
                "a float " + std::string(what) +
                    " sums in float; PMML and SQL evaluators sum in double, so scores could differ. Export a "
                    "double " + std::string(what) + (what == "card" ? " (what credo fit writes)" : ""));
}

}  // namespace credo::interop::detail
