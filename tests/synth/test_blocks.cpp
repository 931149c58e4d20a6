// A bureau made block by block (what `credo synth` writes shard by shard) holds the records
// of the bureau made whole: person i depends on (seed, i) alone.
#include <credo/io/records.hpp>
#include <credo/synth.hpp>

#include <doctest/doctest.h>

#include <string>

namespace cs = credo::synth;

namespace {
/// The CSV text of a bureau made in blocks of `block` persons, headers once.
std::string in_blocks(const cs::bureau_options& o, std::size_t block, std::string (*format)(const credo::features::record_set&)) {
  std::string out;
  for (std::size_t first = 0; first < o.persons; first += block) {
    const auto b = cs::generate_block(o, first, std::min(block, o.persons - first));
    const std::string text = format(b.records);
    out += first == 0 ? text : text.substr(text.find('\n') + 1);
  }
  return out;
}
}  // namespace

TEST_CASE("a bureau made in blocks of any size is the bureau made whole") {
  cs::bureau_options o;
  o.persons = 1000;
  o.seed = 11;
  const auto whole = cs::generate(o);
  for (std::size_t block : {std::size_t{1}, std::size_t{333}, std::size_t{1000}}) {
    CHECK(in_blocks(o, block, credo::io::format_persons) == credo::io::format_persons(whole.records));
    CHECK(in_blocks(o, block, credo::io::format_tradelines) == credo::io::format_tradelines(whole.records));
    CHECK(in_blocks(o, block, credo::io::format_inquiries) == credo::io::format_inquiries(whole.records));
  }
}

TEST_CASE("a block far into a large bureau is made without the persons before it") {
  cs::bureau_options o;
  o.seed = 3;
  // person 20,000,000 of a national-size bureau, made alone
  const auto far = cs::generate_block(o, 20'000'000, 2);
  REQUIRE(far.records.persons.size() == 2);
  CHECK(far.records.persons.id[0] == "P20000000");
  CHECK(far.records.persons.id[1] == "P20000001");
  for (const auto& t : far.records.tradelines) CHECK(t.person < 2);
  // the same person in a block that starts one earlier
  const auto shifted = cs::generate_block(o, 19'999'999, 3);
  CHECK(credo::io::format_tradelines(shifted.records).find(credo::io::format_tradelines(far.records).substr(
            credo::io::format_tradelines(far.records).find('\n') + 1)) != std::string::npos);
  CHECK(shifted.risk[1] == far.risk[0]);
  CHECK(shifted.records.persons.bad[2] == far.records.persons.bad[1]);
}
