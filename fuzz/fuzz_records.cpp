// Fuzz target: the bureau-record CSV reader (io/records.hpp). The input holds the persons,
// tradelines and inquiries texts separated by form feeds (\f); any input must give a
// record_set or a credo error, nothing else. A record_set that loads must survive its own
// round trip: written back in canonical form and read again, it writes the same text.
#include <credo/io/records.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

std::string canonical(const credo::features::record_set& r) {
  return credo::io::format_persons(r) + "\f" + credo::io::format_tradelines(r) + "\f" +
         credo::io::format_inquiries(r);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto a = text.find('\f');
  const auto b = a == std::string_view::npos ? a : text.find('\f', a + 1);
  const std::string_view persons = text.substr(0, a);
  const std::string_view tradelines = a == std::string_view::npos ? std::string_view() : text.substr(a + 1, b - a - 1);
  const std::string_view inquiries = b == std::string_view::npos ? std::string_view() : text.substr(b + 1);
  std::string first;
  try {
    first = canonical(credo::io::parse_records(persons, tradelines, inquiries));
  } catch (const credo::io_error&) {
    return 0;
  } catch (const credo::invalid_input&) {
    return 0;
  }
  // What credo wrote, credo reads back to the same records.
  const auto p = first.find('\f'), q = first.find('\f', p + 1);
  const auto again = canonical(credo::io::parse_records(std::string_view(first).substr(0, p),
                                                         std::string_view(first).substr(p + 1, q - p - 1),
                                                         std::string_view(first).substr(q + 1)));
  if (again != first) std::abort();
  return 0;
}
