// Fuzz target: the CSV reader. Any input must give a table or a credo error, nothing else:
// no crash, no sanitizer report, no foreign exception.
#include <credo/io/csv.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (int variant = 0; variant < 2; ++variant) {
    credo::io::csv_options opt;
    if (variant == 1) {  // the first column as target with the first field as bad value
      opt.target = "a";
      opt.bad_value = "1";
      opt.types["a"] = credo::column_kind::categorical;
    }
    try {
      const auto t = credo::io::parse_csv(text, opt);
      for (const auto& c : t) (void)c.size();
    } catch (const credo::io_error&) {
    } catch (const credo::invalid_input&) {
    }
  }
  return 0;
}
