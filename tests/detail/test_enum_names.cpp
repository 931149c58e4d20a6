// Every enum with a to_string has one name table (detail/enum_names.hpp) that to_string and the
// readers use: each name reads back as its value, and the names are the documented ones.
#include <credo/binning/binning_table.hpp>
#include <credo/binning/bins.hpp>
#include <credo/binning/options.hpp>
#include <credo/core/table.hpp>
#include <credo/coverage/rule.hpp>
#include <credo/detail/enum_names.hpp>
#include <credo/engine/decide.hpp>
#include <credo/features/record_check.hpp>
#include <credo/features/records.hpp>
#include <credo/metrics/common.hpp>
#include <credo/metrics/stability.hpp>
#include <credo/model/logistic_regression.hpp>

#include <doctest/doctest.h>

#include <string>

namespace {

/// Every value of E's table: to_string gives its name, and the name reads back as the value.
template <class E>
std::string names_of() {
  std::string all;
  for (const auto& entry : credo::detail::enum_names<E>::table) {
    CHECK(std::string(to_string(entry.value)) == entry.name);
    CHECK(credo::detail::enum_from_name<E>(entry.name) == entry.value);
    all += (all.empty() ? "" : ",") + std::string(entry.name);
  }
  CHECK_FALSE(credo::detail::enum_from_name<E>("no such name").has_value());
  return all;
}

}  // namespace

TEST_CASE("each enum's names, from its one table") {
  CHECK(names_of<credo::column_kind>() == "numeric,categorical");
  CHECK(names_of<credo::metrics::direction>() == "higher_is_safer,higher_is_riskier");
  CHECK(names_of<credo::metrics::stability_verdict>() == "stable,some shift,major shift");
  CHECK(names_of<credo::features::account_type>() == "revolving,installment,mortgage,open,other");
  CHECK(names_of<credo::features::record_problem>() == "none,bad_dates,bad_history,bad_amount");
  CHECK(names_of<credo::coverage::file_status>() == "invisible,unscoreable,scoreable");
  CHECK(names_of<credo::binning::unseen_category>() == "missing_bin,largest_bin,riskiest_bin");
  CHECK(names_of<credo::binning::strength>() == "useless,weak,medium,strong,suspicious");
  CHECK(names_of<credo::binning::binning_method>() == "optimal,chimerge,equal_frequency,distinct,fixed");
  CHECK(names_of<credo::binning::monotonic_trend>() == "automatic,ascending,descending,peak,valley,none");
  CHECK(names_of<credo::model::fit_status>() == "success,no_convergence,separation,singular");
  CHECK(names_of<credo::engine::verdict>() == "approve,decline,refer");
  CHECK(names_of<credo::engine::decision_status>() == "scored,not_scoreable,invalid_input");
  CHECK(names_of<credo::engine::input_problem>() ==
        "none,bad_as_of,bad_dates,bad_history,bad_amount,bad_segment,bad_group,missing_value,bad_code");
}

TEST_CASE("the record reader parses account types through the table") {
  CHECK(credo::features::parse_account_type("mortgage") == credo::features::account_type::mortgage);
  CHECK_FALSE(credo::features::parse_account_type("Mortgage").has_value());
}
