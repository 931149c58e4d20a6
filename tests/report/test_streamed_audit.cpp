// The audit as an accumulator (report::audit_accumulator): over chunks of German credit, over
// shards merged in order, through the archive, and read from shard files by io::csv_stream,
// it gives audit_scorecard's figures on the whole table. The reference for the fairness part
// is computed as the audit did before it streamed: fairness::groups_from, count_groups and
// group_aucs over every scored row of the table, at the cut-off.
#include <credo/core/archive.hpp>
#include <credo/fairness/counts.hpp>
#include <credo/fairness/group_auc.hpp>
#include <credo/fairness/groups.hpp>
#include <credo/fairness/measures.hpp>
#include <credo/io/csv.hpp>
#include <credo/io/csv_stream.hpp>
#include <credo/model/workflow.hpp>
#include <credo/report/scorecard_report.hpp>

#include <doctest/doctest.h>

#include "german_card_fixture.hpp"
#include "test_support.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

namespace rep = credo::report;

const credo::test::german_card_fixture& audit_setup() { return credo::test::german_card(); }

rep::audit_options audit_opts(bool with_cutoff) {
  rep::audit_options o;
  if (with_cutoff) o.cutoff = 530;
  o.groups.push_back({{"age", {25, 40}}, "age > 40"});
  o.groups.push_back({{"personal_status", {}}, ""});
  o.groups.push_back({{"foreign_worker", {}}, ""});
  return o;
}

// Every figure of an audit in one list, in a fixed order (NaN compared as equal).
std::vector<double> audit_numbers(const rep::scorecard_audit& a) {
  std::vector<double> v{static_cast<double>(a.rows), static_cast<double>(a.scored), a.cutoff, a.auc, a.gini, a.ks,
                        a.ks_score, a.accuracy_ratio, a.auc_ci.lower, a.auc_ci.upper, a.brier, a.log_loss,
                        a.hosmer_lemeshow.statistic, a.hosmer_lemeshow.p_value, a.psi ? a.psi->value : -1};
  for (const auto& g : a.gains)
    v.insert(v.end(), {g.score_min, g.score_max, static_cast<double>(g.rows), g.bads, g.lift, g.approval_rate});
  for (const auto& c : a.calibration)
    v.insert(v.end(), {static_cast<double>(c.rows), c.predicted, c.observed, c.observed_lower, c.observed_upper});
  for (const auto& c : a.characteristics) {
    v.insert(v.end(), c.weight.begin(), c.weight.end());
    v.insert(v.end(), c.bad_rate.begin(), c.bad_rate.end());
  }
  for (const auto& f : a.fairness) {
    for (std::size_t g = 0; g < f.report.groups.size(); ++g) {
      const auto& s = f.report.groups[g];
      const auto& c = f.report.vs_reference[g];
      v.insert(v.end(), {static_cast<double>(s.rows), s.weight, s.approval_rate, s.approval_rate_ci.lower, s.bad_rate,
                         s.approval_rate_goods, s.precision, s.mean_score, s.sd_score, s.auc,
                         c.adverse_impact_ratio_ci.upper, c.fisher.p_value, c.z_test.p_value, c.chi_squared.p_value});
    }
    const auto& m = f.report.measures;
    v.insert(v.end(), {m.adverse_impact_ratio.across, m.statistical_parity_difference.across,
                       m.equal_opportunity_difference.across, m.standardized_mean_difference.across,
                       static_cast<double>(f.report.reference())});
  }
  return v;
}

std::vector<std::string> audit_names(const rep::scorecard_audit& a) {
  std::vector<std::string> n;
  for (const auto& f : a.fairness)
    for (const auto& g : f.report.groups) n.push_back(f.column + ": " + g.name);
  return n;
}

// Equal within `rel` relative (0: bit for bit); NaN equals NaN.
void audit_check_close(const rep::scorecard_audit& x, const rep::scorecard_audit& y, double rel) {
  const auto nx = audit_names(x), ny = audit_names(y);
  CHECK(nx == ny);
  if (nx != ny)
    for (std::size_t i = 0; i < std::max(nx.size(), ny.size()); ++i)
      MESSAGE((i < nx.size() ? nx[i] : "-") << " | " << (i < ny.size() ? ny[i] : "-"));
  const auto a = audit_numbers(x), b = audit_numbers(y);
  REQUIRE(a.size() == b.size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const bool same = (std::isnan(a[i]) && std::isnan(b[i])) || a[i] == b[i] ||
                      std::abs(a[i] - b[i]) <= rel * std::max(std::abs(a[i]), std::abs(b[i]));
    if (!same) {
      ++differ;
      MESSAGE("figure " << i << ": " << a[i] << " vs " << b[i]);
    }
  }
  CHECK(differ == 0);
}

// The rows [from, to) of t.
credo::table audit_rows(const credo::table& t, std::size_t from, std::size_t to) {
  std::vector<std::size_t> idx(to - from);
  std::iota(idx.begin(), idx.end(), from);
  return t.take(idx);
}

// The audit of t in `parts` consecutive shards, each an accumulator filled in chunks of 97
// rows, merged in order.
template <class Card>
rep::scorecard_audit audit_in_parts(const credo::table& t, const Card& card, const rep::audit_options& o,
                                    std::size_t parts) {
  rep::audit_accumulator all;
  for (std::size_t k = 0; k < parts; ++k) {
    rep::audit_accumulator part(card, o);
    const std::size_t lo = k * t.rows() / parts, hi = (k + 1) * t.rows() / parts;
    for (std::size_t r = lo; r < hi; r += 97) part.add(audit_rows(t, r, std::min(hi, r + 97)), card);
    all += part;
  }
  return rep::finish_audit(all, card, o);
}

}  // namespace

TEST_CASE("the audit in chunks of one accumulator equals audit_scorecard on the whole table, bit for bit") {
  const auto& f = audit_setup();
  for (bool cut : {false, true}) {
    CAPTURE(cut);
    const auto o = audit_opts(cut);
    const auto whole = rep::audit_scorecard(f.data, f.fit.card, o);
    const auto chunks = audit_in_parts(f.data, f.fit.card, o, 1);
    audit_check_close(whole, chunks, 0);
    CHECK(whole.html.str() == chunks.html.str());
    CHECK(whole.scores.size() == 1000);
    CHECK(chunks.scores.empty());  // a stream keeps no score per row
  }
}

TEST_CASE("the fairness figures equal the per-row computation of groups, counts and AUCs") {
  // The reference: every scored row in one table, groups_from, count_groups, group_aucs and
  // assess, as audit_scorecard computed them before the audit streamed.
  const auto& f = audit_setup();
  const auto o = audit_opts(false);
  const auto a = audit_in_parts(f.data, f.fit.card, o, 3);
  const auto results = f.fit.card.score(f.data);
  std::vector<std::size_t> ok;
  std::vector<double> s;
  for (std::size_t r = 0; r < results.size(); ++r)
    if (results[r].ok()) {
      ok.push_back(r);
      s.push_back(results[r].score);
    }
  const auto scored = f.data.take(ok);
  REQUIRE(a.fairness.size() == o.groups.size());
  for (std::size_t i = 0; i < o.groups.size(); ++i) {
    const auto groups = credo::fairness::groups_from(scored, o.groups[i].by);
    const auto counts = credo::fairness::count_groups<double>(scored, groups, std::span<const double>(s), a.cutoff);
    const auto aucs =
        credo::fairness::group_aucs<double>(groups, std::span<const double>(s), scored.target(), scored.weights());
    auto fo = o.fairness;
    fo.reference = o.groups[i].reference;
    const auto want = credo::fairness::assess(counts, aucs, fo);
    const auto& got = a.fairness[i].report;
    REQUIRE(got.groups.size() == want.groups.size());
    CHECK(got.reference() == want.reference());
    for (std::size_t g = 0; g < want.groups.size(); ++g) {
      CAPTURE(want.groups[g].name);
      CHECK(got.groups[g].name == want.groups[g].name);
      CHECK(got.groups[g].rows == want.groups[g].rows);
      // Unit weights: the approved counts from the histograms are exact, so bit for bit.
      CHECK(got.groups[g].approved == want.groups[g].approved);
      CHECK(got.groups[g].approval_rate == want.groups[g].approval_rate);
      CHECK(got.groups[g].auc == want.groups[g].auc);
      CHECK(got.vs_reference[g].fisher.p_value == want.vs_reference[g].fisher.p_value);
      // Score moments: three shards merge by Chan et al., one pass adds by West.
      CHECK(got.groups[g].mean_score == doctest::Approx(want.groups[g].mean_score).epsilon(1e-12));
      CHECK(got.groups[g].sd_score == doctest::Approx(want.groups[g].sd_score).epsilon(1e-12));
    }
  }
}

TEST_CASE("shards merged in order: counts and ranks exact, sums of fractions within 1e-12") {
  const auto& f = audit_setup();
  const auto o = audit_opts(false);
  const auto whole = rep::audit_scorecard(f.data, f.fit.card, o);
  const auto shards = audit_in_parts(f.data, f.fit.card, o, 5);
  audit_check_close(whole, shards, 1e-12);
  CHECK(shards.auc == whole.auc);  // integer sums: exact in any order
  CHECK(shards.auc_ci.lower == whole.auc_ci.lower);
  CHECK(shards.ks == whole.ks);
  CHECK(shards.psi->value == whole.psi->value);
  // Weighted rows (non-integer weights): still within 1e-12 of the one pass.
  auto weighted = f.data;
  std::vector<double> w(weighted.rows());
  for (std::size_t r = 0; r < w.size(); ++r) w[r] = 0.5 + static_cast<double>((r * 7919) % 1000) / 1000.0;
  weighted.set_weights(w, "w");
  audit_check_close(rep::audit_scorecard(weighted, f.fit.card, o), audit_in_parts(weighted, f.fit.card, o, 5), 1e-12);
}

TEST_CASE("an accumulator travels through the archive and merges as before") {
  const auto& f = audit_setup();
  const auto o = audit_opts(true);
  rep::audit_accumulator a(f.fit.card, o), b(f.fit.card, o);
  a.add(audit_rows(f.data, 0, 400), f.fit.card);
  b.add(audit_rows(f.data, 400, 1000), f.fit.card);
  const auto a2 = credo::from_bytes<rep::audit_accumulator>(credo::to_bytes(a));
  const auto b2 = credo::from_bytes<rep::audit_accumulator>(credo::to_bytes(b));
  CHECK(a2 == a);
  auto direct = a, read = a2;
  direct += b;
  read += b2;
  CHECK(read == direct);
  CHECK(credo::to_bytes(read) == credo::to_bytes(direct));
  // Memory: one entry per distinct score, far fewer than the rows.
  CHECK(direct.rows() == 1000);
  CHECK(direct.distinct_scores() < 400);
  // A changed part is caught by ==.
  rep::audit_accumulator c(f.fit.card, o);
  c.add(audit_rows(f.data, 400, 999), f.fit.card);
  auto other = a;
  other += c;
  CHECK_FALSE(other == direct);
}

TEST_CASE("rows left out by the caller, and rows the card cannot score, as audit_scorecard on the rest") {
  const auto& f = audit_setup();
  const auto o = audit_opts(false);
  std::vector<std::uint8_t> skip(1000, 0);
  std::vector<std::size_t> keep;
  for (std::size_t r = 0; r < 1000; ++r) {
    skip[r] = r % 13 == 0;
    if (!skip[r]) keep.push_back(r);
  }
  rep::audit_accumulator acc(f.fit.card, o);
  acc.add(f.data, f.fit.card, skip);
  audit_check_close(rep::audit_scorecard(f.data.take(keep), f.fit.card, o), rep::finish_audit(acc, f.fit.card, o), 0);
}

TEST_CASE("read from shard files by csv_stream in small chunks, the audit equals the whole file's") {
  const auto& f = audit_setup();
  const auto o = audit_opts(false);
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("credo_streamed_audit_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ifstream in(credo::test::data_path("german_credit.csv"));
  std::string header, line;
  std::getline(in, header);
  std::vector<std::string> shards;
  for (std::size_t k = 0, r = 0; std::getline(in, line); ++r) {
    if (r % 300 == 0) {
      shards.push_back((dir / ("part-" + std::to_string(k++) + ".csv")).string());
      std::ofstream(shards.back()) << header << "\n";
    }
    std::ofstream(shards.back(), std::ios::app) << line << "\n";
  }
  REQUIRE(shards.size() == 4);
  credo::io::csv_options opt;
  opt.target = "class";
  opt.bad_value = "bad";
  credo::io::stream_options so;
  so.chunk_bytes = 4096;  // about 30 rows a chunk
  so.infer_rows = 50;     // (the kinds' sample is the first chunk)
  auto audit_of = [&](std::vector<std::string> inputs) {
    credo::io::csv_stream stream(std::move(inputs), opt, so);
    rep::audit_accumulator all;
    rep::audit_accumulator part;
    std::size_t shard = static_cast<std::size_t>(-1), chunks = 0;
    credo::io::csv_chunk c;
    while (stream.next(c)) {
      if (c.shard != shard) {  // one accumulator per shard, merged in shard order
        all += part;
        part = rep::audit_accumulator(f.fit.card, o);
        shard = c.shard;
      }
      part.add(c.data, f.fit.card);
      ++chunks;
    }
    all += part;
    CHECK(chunks > 20);
    return rep::finish_audit(all, f.fit.card, o);
  };
  const auto whole = rep::audit_scorecard(f.data, f.fit.card, o);
  audit_check_close(whole, audit_of({credo::test::data_path("german_credit.csv")}), 0);
  audit_check_close(whole, audit_of(shards), 1e-12);
  fs::remove_all(dir);
}

TEST_CASE("an accumulator without a card, and parts of different audits, are named errors") {
  const auto& f = audit_setup();
  rep::audit_accumulator none;
  CHECK_THROWS_WITH_AS(none.add(f.data, f.fit.card), doctest::Contains("credo.report.not_started"),
                       credo::logic_error);
  rep::audit_accumulator a(f.fit.card, audit_opts(true)), b(f.fit.card, audit_opts(false));
  const std::vector<std::uint8_t> short_skip(999, 0);
  CHECK_THROWS_WITH_AS(a.add(f.data, f.fit.card, short_skip), doctest::Contains("credo.report.length_mismatch"),
                       credo::invalid_input);
  CHECK(a.rows() == 0);  // nothing half-added
  CHECK_THROWS_WITH_AS(a += b, doctest::Contains("credo.report.merge_mismatch"), credo::invalid_input);
  CHECK_THROWS_WITH_AS(rep::finish_audit(none, f.fit.card, audit_opts(true)),
                       doctest::Contains("credo.report.nothing_scored"), credo::numeric_error);
}
