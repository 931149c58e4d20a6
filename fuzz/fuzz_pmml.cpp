// Fuzz target: the PMML reader and evaluator (credo/interop/pmml_import.hpp). Any bytes must
// give a model or a credo::io_error (credo.pmml.*), nothing else: no crash, no sanitizer
// report, no foreign exception. A loaded model evaluates rows without throwing; a scorecard
// that converts to credo's card scores those rows as the PMML does, bit for bit.
#include <credo/interop/pmml_import.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace {

void check_rows(const credo::interop::pmml_model& m) {
  using credo::model::input;
  const std::size_t n = m.fields().size();
  const input samples[] = {input::missing(), input(0.0), input(-1.5), input(1e6), input("a"), input("1"), input("")};
  // Any value in any field: evaluation never throws, an ok result has a number.
  for (const auto& s : samples) {
    const std::vector<input> row(n, s);
    const auto r = m.evaluate(row);
    if (r.ok() && std::isnan(r.value)) std::abort();
  }
  if (m.kind() != credo::interop::pmml_kind::scorecard) return;
  // Rows of the fields' own kinds (numbers for numeric fields, labels for string ones): a
  // converted card scores them as the PMML does, bit for bit, or neither scores.
  std::vector<std::vector<input>> rows;
  for (const auto& s : samples) {
    std::vector<input> row;
    for (const auto& f : m.fields())
      row.push_back(f.numeric ? (s.is_label() ? input(0.5) : s) : (s.is_label() ? s : input(std::string_view("b"))));
    rows.push_back(std::move(row));
  }
  try {
    const auto card = credo::interop::to_scorecard(m);
    for (const auto& row : rows) {
      const auto p = m.evaluate(row);
      // The card's characteristics are the fields, by name.
      std::vector<input> values;
      for (std::size_t j = 0; j < card.size(); ++j) values.push_back(row[*m.find(card.characteristic(j).name)]);
      const auto c = card.score(std::span<const input>(values));
      if (p.ok() != c.ok()) std::abort();
      if (p.ok() && !(p.value == c.score)) std::abort();
    }
  } catch (const credo::io_error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  credo::interop::pmml_limits limits;
  limits.max_file_bytes = 1 << 20;
  limits.max_elements = 100000;
  try {
    check_rows(credo::interop::pmml_model::from_string(text, limits));
  } catch (const credo::io_error&) {
  }
  return 0;
}
