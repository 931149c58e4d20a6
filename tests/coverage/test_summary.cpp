// Source summaries merge across parts (shards, ranks) into the analysis of the whole.
#include <credo/coverage.hpp>
#include <credo/synth.hpp>

#include <doctest/doctest.h>

#include <numeric>
#include <string>
#include <vector>

namespace cc = credo::coverage;
namespace cs = credo::synth;

namespace {
std::vector<std::size_t> first_k(std::size_t k) {
  std::vector<std::size_t> v(k);
  std::iota(v.begin(), v.end(), std::size_t{0});
  return v;
}

/// A part's summary with its sources numbered backwards (names listed the same way), as a
/// shard that first names the sources in another order numbers them.
template <class Rule>
cc::source_summary reversed_summary(credo::features::record_set& r, const Rule& rule) {
  const std::size_t k = r.sources.size();
  for (auto& t : r.tradelines) t.source = static_cast<std::uint16_t>(k - 1 - t.source);
  for (auto& q : r.inquiries) q.source = static_cast<std::uint16_t>(k - 1 - q.source);
  std::vector<std::string> names(r.sources.rbegin(), r.sources.rend());
  std::vector<std::size_t> order(k);
  for (std::size_t s = 0; s < k; ++s) order[s] = k - 1 - s;  // first named: the original order
  const auto pop = r.view();
  cc::source_options so;
  so.sources = k;
  return cc::source_analysis(pop, rule, so).summary(names, order, {});
}
}  // namespace

TEST_CASE_TEMPLATE("merged summaries of two parts give the whole population's figures, bit for bit", Rule,
                   cc::recent_and_seasoned, cc::min_accounts) {
  cs::bureau_options o;
  o.persons = 3000;
  const auto whole = cs::generate(o);
  const auto pop = whole.records.view();
  const Rule rule{};
  const cc::source_analysis all(pop, rule);
  const std::size_t k = whole.records.sources.size();

  auto a = cs::generate_block(o, 0, 1200);
  auto b = cs::generate_block(o, 1200, 1800);
  const auto pa = a.records.view();
  cc::source_options so;
  so.sources = k;
  cc::source_summary merged = cc::source_analysis(pa, rule, so).summary(a.records.sources, first_k(k), {});
  merged += reversed_summary(b.records, rule);
  REQUIRE(merged.names == whole.records.sources);  // the second part's names mapped onto the first's
  const auto ordered = merged.ordered();
  CHECK(ordered.names == whole.records.sources);
  const cc::source_analysis<credo::features::tradeline_record, credo::features::inquiry_record, Rule> part(ordered, rule);
  CHECK(part.sources() == all.sources());
  CHECK(part.coverage(part.all()) == all.coverage(all.all()));
  CHECK(part.alone() == all.alone());
  CHECK(part.leave_one_out() == all.leave_one_out());
  CHECK(part.overlap() == all.overlap());
  CHECK(part.shapley() == all.shapley());  // summed in pattern order: no rounding difference
}

TEST_CASE("a source only inquiries name is shown after the sources tradelines name, wherever it came first") {
  cc::source_summary x, y;
  x.names = {"inq", "bank"};
  x.tradeline_order = {1};
  x.inquiry_order = {0};
  y.names = {"card", "inq"};
  y.tradeline_order = {0};
  y.inquiry_order = {1};
  x += y;
  CHECK(x.ordered().names == std::vector<std::string>{"bank", "card", "inq"});
  cc::source_summary z;
  z.names = {"inq"};
  z.tradeline_order = {0};  // a later part's tradeline names it: it moves up among the tradeline sources
  x += z;
  CHECK(x.ordered().names == std::vector<std::string>{"bank", "card", "inq"});
  cc::source_summary w;
  w.names = {"late"};
  w.tradeline_order = {0};
  x += w;
  CHECK(x.ordered().names == std::vector<std::string>{"bank", "card", "inq", "late"});
}
