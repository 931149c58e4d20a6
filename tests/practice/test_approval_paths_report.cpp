// The summary behind credo explain --html (report/approval_paths_report.hpp): its counts equal
// those recounted from the paths themselves, and the accumulator merged over three parts
// equals one pass (+=, ==), as every row statistic of credo must.
#include "german_credit.hpp"
#include <credo/io/model_file.hpp>
#include <credo/model/path_to_approval.hpp>
#include <credo/report/approval_paths_report.hpp>

#include <test_support.hpp>

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

namespace approval_paths_report_test {

TEST_CASE("approval path summary: counts of the paths, merge equals one pass, the page") {
  const auto card = credo::io::load_scorecard(credo::test::reference_path("monitoring_card.json"));
  const credo::table t = credo::test::german_credit();
  const std::vector<std::string> actionable{"duration", "credit_amount", "savings_status", "checking_status"};
  const credo::model::path_to_approval<> explain(card, {540, actionable, false});

  credo::report::approval_path_summary whole(card), parts[3] = {credo::report::approval_path_summary(card),
                                                                 credo::report::approval_path_summary(card),
                                                                 credo::report::approval_path_summary(card)};
  std::uint64_t declined = 0, with_path = 0;
  std::map<std::size_t, std::uint64_t> changed;
  std::map<std::size_t, double> points;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const auto p = explain(t, r);
    whole.add(r + 1, p, card);
    parts[r * 3 / t.rows()].add(r + 1, p, card);
    if (p.approved) continue;
    ++declined;
    if (!p.reachable) continue;
    ++with_path;
    for (const auto& c : p.changes) ++changed[c.characteristic], points[c.characteristic] += c.points;
  }
  CHECK(whole.rows() == t.rows());
  CHECK(whole.declined() == declined);
  CHECK(whole.with_path() == with_path);
  CHECK(whole.without_path() == declined - with_path);
  for (std::size_t j : explain.actionable()) {
    CHECK(whole.changed(j) == changed[j]);
    CHECK(whole.points(j) == points[j]);
  }
  auto merged = parts[0];
  merged += parts[1];
  merged += parts[2];
  CHECK(merged.rows() == whole.rows());
  CHECK(merged.with_path() == whole.with_path());
  // The card's points are whole (rounding nearest), so their sums are exact in any order and
  // the merged summary equals the one pass member for member, examples (earliest rows first)
  // included.
  CHECK(merged == whole);

  const std::string page = whole.html("paths", 540, explain.actionable()).str();
  CHECK(page.find(std::to_string(declined) + " declined: " + std::to_string(with_path) + " with a path") !=
        std::string::npos);
  CHECK(page.find("data-chart=\"paths_by_characteristic\"") != std::string::npos);
  CHECK(page.find("data-chart=\"paths_by_changes\"") != std::string::npos);
}

}  // namespace approval_paths_report_test
