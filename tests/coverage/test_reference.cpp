// Features and source values on tests/reference/bureau_small against an independent
// pandas/dateutil implementation (tests/reference/bureau_reference.py).
#include <credo/coverage.hpp>
#include <credo/features.hpp>
#include <credo/io/records.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

#include "test_support.hpp"

namespace cc = credo::coverage;
namespace cf = credo::features;
using credo::test::reference_path;

TEST_CASE("bureau_small: features, coverage and Shapley match the pandas reference") {
  const auto r = credo::io::read_records(reference_path("bureau_small/persons.csv"),
                                         reference_path("bureau_small/tradelines.csv"),
                                         reference_path("bureau_small/inquiries.csv"));
  std::ifstream in(reference_path("bureau_reference.json"));
  REQUIRE(in);
  const auto ref = nlohmann::json::parse(in);
  const auto pop = r.view();

  const auto fs = cf::standard_features();
  const auto t = fs.extract(pop);
  std::size_t compared = 0;
  for (std::size_t p = 0; p < r.persons.size(); ++p) {
    const auto& f = ref["features"][r.persons.id[p]];
    for (const auto& [name, value] : f.items()) {
      const double got = t[name].values()[p];
      if (value.is_null()) {
        CHECK_MESSAGE(std::isnan(got), r.persons.id[p] << " " << name);
      } else {
        CHECK_MESSAGE(got == doctest::Approx(value.get<double>()).epsilon(1e-12), r.persons.id[p] << " " << name);
      }
      ++compared;
    }
  }
  CHECK(compared == 400 * 8);

  const cc::source_analysis a(pop);
  CHECK(a.value(a.all()) == ref["v_all"].get<double>());
  CHECK(a.coverage(a.all()).invisible == ref["invisible_all"].get<double>());
  CHECK(a.value(r.without({"bank_a", "bank_b"}) & a.all()) == ref["v_without_bank_a_b"].get<double>());
  const auto alone = a.alone(), loo = a.leave_one_out(), phi = a.shapley();
  for (std::size_t s = 0; s < r.sources.size(); ++s) {
    const auto& name = r.sources[s];
    CHECK_MESSAGE(alone[s] == ref["alone"][name].get<double>(), name);
    CHECK_MESSAGE(loo[s] == ref["leave_one_out"][name].get<double>(), name);
    CHECK_MESSAGE(phi[s] == doctest::Approx(ref["shapley"][name].get<double>()).epsilon(1e-9), name);
  }
}
