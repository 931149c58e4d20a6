// The bureau's question on synthetic data: how many people can we score from the sources we
// have, what happens when the two large sources withhold their records, and what is each
// source worth (alone, leave-one-out, Shapley)? Coverage by protected group too.
//
//   bureau_coverage [--persons N] [--seed S] [--write DIR]
//
// --write DIR also writes the synthetic records as canonical CSV files (persons.csv,
// tradelines.csv, inquiries.csv) into DIR.
#include <credo/coverage.hpp>
#include <credo/features.hpp>
#include <credo/io/records.hpp>
#include <credo/synth.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

namespace cc = credo::coverage;

namespace {
void print_counts(const char* label, const cc::coverage_counts& c) {
  std::printf("  %-34s invisible %5.1f%%  unscoreable %5.1f%%  scoreable %5.1f%%  (n = %.0f)\n", label,
              100 * c.share_invisible(), 100 * c.share_unscoreable(), 100 * c.share_scoreable(), c.total());
}
}  // namespace

int main(int argc, char** argv) try {
  credo::synth::bureau_options o;
  o.persons = 20000;
  std::string write_dir;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--persons" && i + 1 < argc) o.persons = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--seed" && i + 1 < argc) o.seed = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--write" && i + 1 < argc) write_dir = argv[++i];
    else {
      std::fprintf(stderr, "usage: bureau_coverage [--persons N] [--seed S] [--write DIR]\n");
      return 2;
    }
  }

  const auto bureau = credo::synth::generate(o);
  const auto& records = bureau.records;
  if (!write_dir.empty()) credo::io::write_records(records, write_dir);
  const auto pop = records.view();
  std::printf("Synthetic bureau: %zu persons, %zu tradelines, %zu inquiries, %zu sources (seed %llu)\n\n",
              pop.size(), records.tradelines.size(), records.inquiries.size(), records.sources.size(),
              static_cast<unsigned long long>(o.seed));

  // Scoreable: an account reported in the last 6 months and one opened 6+ months ago.
  const cc::source_analysis analysis(pop);
  const auto all = analysis.all();
  const auto withheld = records.without({"bank_a", "bank_b"}) & all;
  std::printf("Coverage (rule: reported in the last 6 months, and opened 6+ months ago)\n");
  print_counts("all sources", analysis.coverage(all));
  print_counts("bank_a and bank_b withhold", analysis.coverage(withheld));
  std::printf("\n");

  const auto alone = analysis.alone();
  const auto loo = analysis.leave_one_out();
  const auto phi = analysis.shapley();
  const auto overlap = analysis.overlap();
  std::printf("What each source is worth (persons scoreable)\n");
  std::printf("  %-12s %9s %9s %14s %10s\n", "source", "alone", "lost", "Shapley", "files");
  double sum_phi = 0;
  for (std::size_t s = 0; s < analysis.sources(); ++s) {
    std::printf("  %-12s %9.0f %9.0f %14.1f %10.0f\n", records.sources[s].c_str(), alone[s], loo[s], phi[s],
                overlap[s][s]);
    sum_phi += phi[s];
  }
  std::printf("  Shapley values add up to %.1f = v(all) - v(none) = %.0f\n", sum_phi,
              analysis.value(all) - analysis.value(0));
  std::printf("  (alone: scoreable from that source only; lost: scoreable with all sources but not\n"
              "   without it; files: persons with a record from it)\n\n");

  std::printf("Overlap of the two large sources: %.0f persons have records from both\n\n", overlap[0][1]);

  std::printf("Coverage by protected group\n");
  for (auto [label, mask] : {std::pair{"all sources", all}, std::pair{"bank_a and bank_b withhold", withheld}}) {
    cc::report_options opt;
    opt.sources = mask;
    opt.segments = {"group"};
    const auto r = cc::report(pop, cc::recent_and_seasoned{}, opt);
    const auto& g = r.segment("group");
    std::printf(" %s\n", label);
    for (std::size_t i = 0; i < g.labels.size(); ++i)
      print_counts(("group " + g.labels[i]).c_str(), g.counts[i]);
  }

  // Feature fill rates with all sources
  const auto features = credo::features::standard_features().extract(pop);
  const cc::fill_rates fill(features);
  std::printf("\nFeature fill rates (all sources)\n");
  for (std::size_t j = 0; j < fill.names().size(); ++j)
    std::printf("  %-34s %5.1f%%\n", fill.names()[j].c_str(), 100 * fill.rate(j));

  // Predictive contribution: a WoE logistic scorecard on these features, fitted on half of
  // the scoreable persons and measured on the other half, with and without the large sources.
  const auto contribution = cc::predictive_contribution(pop, credo::features::standard_features(), ~withheld & all);
  std::printf("\nPredictive contribution of bank_a and bank_b (held-out half of the scoreable persons)\n");
  for (auto [label, q] : {std::pair{"all sources", contribution.with},
                          std::pair{"bank_a and bank_b withhold", contribution.without}})
    std::printf("  %-34s scoreable %6.0f  test %5zu  AUC %.3f  KS %.3f\n", label, q.coverage.scoreable,
                q.test_rows, q.auc, q.ks);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bureau_coverage: %s\n", e.what());
  return 1;
}
