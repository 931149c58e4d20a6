// The bureau-record part of the Python module: record files parsed once (credo.Records), the
// modelling table of their standard features, coverage (credo.coverage.report) and the
// composed engine's batch decisions (credo.Engine). Included by module.cpp: one translation
// unit for the whole module (CI's compile-time budget).
//
// Records come in as the canonical CSV texts (pandas writes them from DataFrames) or paths,
// and are read by io::parse_records / io::read_records: the CLI's own reader, with its checks
// and error ids (credo.records.*) naming the frame, line and column. Every figure is the
// CLI's: `credo features`, `credo coverage --json`; the engine is engine::engine itself.
#pragma once

#include <credo/coverage.hpp>
#include <credo/engine/engine.hpp>
#include <credo/engine/monitor.hpp>
#include <credo/features.hpp>
#include <credo/io/records.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

namespace credo::python {

namespace py = pybind11;

/// A population's records, parsed once and kept for features, coverage and decisions.
struct records_core {
  features::record_set records;

  /// The tradelines and inquiries in person order, with each person's first index: the
  /// engine decides on each person's records as one contiguous run (engine::applicant). Made
  /// on first use; the tradelines' histories stay in `records`' buffer.
  struct by_person {
    std::vector<features::tradeline_record> tradelines;
    std::vector<features::inquiry_record> inquiries;
    std::vector<std::size_t> first_tradeline, first_inquiry;  // persons + 1 entries each
  };
  std::optional<by_person> grouped;

  const by_person& group() {
    if (grouped) return *grouped;
    by_person g;
    const std::size_t n = records.persons.size();
    auto order = [n](const auto& in, auto& out, std::vector<std::size_t>& first) {
      first.assign(n + 1, 0);  // a stable counting sort by person
      for (const auto& r : in) ++first[r.person + 1];
      for (std::size_t p = 0; p < n; ++p) first[p + 1] += first[p];
      std::vector<std::size_t> at(first.begin(), first.end() - 1);
      out.resize(in.size());
      for (const auto& r : in) out[at[r.person]++] = r;
    };
    order(records.tradelines, g.tradelines, g.first_tradeline);
    order(records.inquiries, g.inquiries, g.first_inquiry);
    grouped = std::move(g);
    return *grouped;
  }
};

/// A scoreability rule by its CLI name (`credo coverage --rule`): "default" or "thin:N".
struct rule_choice {
  bool thin = false;
  std::size_t minimum = 1;

  static rule_choice of(const std::string& s) {
    if (s == "default") return {};
    if (s.rfind("thin:", 0) == 0) {
      double v;
      if (io::detail::parse_number(s.substr(5), v) && v >= 1 && v == std::floor(v) && v < 1e6)
        return {true, static_cast<std::size_t>(v)};
    }
    CREDO_THROW(invalid_input, "credo.python.bad_option", "rule='" + s + "': use 'default' or 'thin:N' with N >= 1");
  }
  /// Calls f with the rule object.
  template <class F>
  decltype(auto) visit(F&& f) const {
    if (thin) return f(coverage::min_accounts{minimum});
    return f(coverage::recent_and_seasoned{});
  }
};

/// A column of doubles as a numpy array that owns its memory (moved, not copied).
inline py::array_t<double> numpy_of(std::vector<double>&& v) {
  auto* owner = new std::vector<double>(std::move(v));
  py::capsule keep(owner, [](void* p) { delete static_cast<std::vector<double>*>(p); });
  return py::array_t<double>(static_cast<py::ssize_t>(owner->size()), owner->data(), keep);
}

/// A categorical column as (codes int32 with -1 missing, labels) for pandas.Categorical.from_codes.
inline py::tuple categorical_of(const column& c) {
  py::array_t<std::int32_t> codes(static_cast<py::ssize_t>(c.size()));
  std::copy(c.codes().begin(), c.codes().end(), codes.mutable_data());
  return py::make_tuple(codes, c.dictionary());
}

/// The modelling table `credo features` writes: the standard features at each person's as_of,
/// the outcome (-1 unknown) and the persons' segments.
inline py::dict features_of(const records_core& rc, unsigned threads) {
  const auto& r = rc.records;
  table t;
  {
    py::gil_scoped_release free;
    features::extract_options eo;
    eo.threads = threads;
    eo.target = false;  // `credo features` too: an unknown outcome is an empty cell, not an error
    t = features::standard_features().extract(r.view(), eo);
  }
  py::dict out;
  std::vector<std::string> names;
  py::list cols;
  for (std::size_t j = 0; j < t.columns(); ++j) {
    names.push_back(t.at(j).name());
    cols.append(numpy_of(std::vector<double>(t.at(j).values().begin(), t.at(j).values().end())));
  }
  out["names"] = names;
  out["columns"] = cols;
  out["person_id"] = r.persons.id;
  py::array_t<std::int8_t> bad(static_cast<py::ssize_t>(r.persons.size()));
  for (std::size_t p = 0; p < r.persons.size(); ++p) bad.mutable_data()[p] = r.persons.has_bad() ? r.persons.bad[p] : -1;
  out["bad"] = bad;
  py::dict segs;
  for (const auto& s : r.persons.segments) segs[py::str(s.name())] = categorical_of(s);
  out["segments"] = segs;
  return out;
}

/// `credo coverage --json`'s figures as a dict: the counts, each source's files, alone,
/// leave-one-out and Shapley value with the overlap matrix, and the counts by segment.
/// The formulas and their sources are in coverage/sources.hpp and coverage/report.hpp.
inline py::dict coverage_of(const records_core& rc, const std::string& rule_name, const std::vector<std::string>& segments) {
  const auto& records = rc.records;
  return rule_choice::of(rule_name).visit([&](const auto& rule) {
    coverage::coverage_counts counts;
    std::vector<double> alone, loo, phi;
    std::vector<std::vector<double>> overlap;
    coverage::coverage_report rep;
    std::size_t k;
    {
      py::gil_scoped_release free;
      const auto pop = records.view();
      const coverage::source_analysis analysis(pop, rule);
      coverage::report_options ro;
      ro.segments = segments;
      rep = coverage::report(pop, rule, ro);
      counts = analysis.coverage(analysis.all());
      k = analysis.sources();
      const auto a = analysis.alone(), l = analysis.leave_one_out(), s = analysis.shapley();
      const auto o = analysis.overlap();
      alone.assign(a.begin(), a.end());
      loo.assign(l.begin(), l.end());
      phi.assign(s.begin(), s.end());
      for (const auto& row : o) overlap.emplace_back(row.begin(), row.end());
    }
    auto counts_dict = [](const coverage::coverage_counts& c) {
      py::dict d;
      d["persons"] = c.total();
      d["invisible"] = c.invisible;
      d["unscoreable"] = c.unscoreable;
      d["scoreable"] = c.scoreable;
      d["scoreable_share"] = c.share_scoreable();
      d["unscoreable_share"] = c.share_unscoreable();
      d["invisible_share"] = c.share_invisible();
      return d;
    };
    py::dict out;
    out["rule"] = rule_name;
    out["overall"] = counts_dict(counts);
    std::vector<std::string> names(records.sources.begin(), records.sources.begin() + static_cast<std::ptrdiff_t>(k));
    std::vector<double> files;
    for (std::size_t s = 0; s < k; ++s) files.push_back(overlap[s][s]);
    py::dict src;
    src["source"] = names;
    src["files"] = files;
    src["alone"] = alone;
    src["leave_one_out"] = loo;
    src["shapley"] = phi;
    out["sources"] = src;
    out["overlap"] = overlap;
    py::dict segs;
    for (const auto& seg : rep.segments) {
      py::list groups;
      for (std::size_t i = 0; i < seg.labels.size(); ++i) {
        auto d = counts_dict(seg.counts[i]);
        d["value"] = seg.labels[i];
        groups.append(d);
      }
      if (seg.missing.total() > 0) {
        auto d = counts_dict(seg.missing);
        d["value"] = py::none();
        groups.append(d);
      }
      segs[py::str(seg.column)] = groups;
    }
    out["segments"] = segs;
    return out;
  });
}

/// The decision policy chosen at run time (engine::decide's three): one cut-off with an
/// optional refer band, a cut-off per segment, or a PD ceiling. A decision_policy itself,
/// so one engine type serves them all.
struct policy_choice {
  std::variant<engine::decide::cutoff, engine::decide::cutoff_table, engine::decide::max_pd> policy;

  std::string_view name() const noexcept {
    return std::visit([](const auto& p) { return p.name(); }, policy);
  }
  engine::verdict decide(const engine::decision_input& in) const noexcept {
    return std::visit([&](const auto& p) { return p.decide(in); }, policy);
  }
  /// A segment past the cut-off table is invalid input (bad_segment); the others take any.
  std::size_t segments() const noexcept {
    if (const auto* t = std::get_if<engine::decide::cutoff_table>(&policy)) return t->segments();
    return std::numeric_limits<std::size_t>::max();
  }
};

/// engine::engine over the standard features and a scorecard, with the approvals-by-group and
/// coverage monitors, for each rule.
template <class Rule>
using python_engine = engine::engine<engine::with_rule<decltype(features::standard_features()), Rule>,
                                     model::scorecard<double>, policy_choice,
                                     engine::monitor::approvals_by<engine::monitor::by_group>,
                                     engine::monitor::coverage>;

/// What Engine.decide asks for: the persons columns behind the cut-off segments and the
/// monitored groups, and how many reasons to describe.
struct decide_request {
  std::string segment_column;             // empty: every person in segment 0
  std::vector<std::string> segment_labels;  // the cut-off table's rows, by label
  std::string group_column;               // empty: one group, "all"
  std::string reference;                  // the approvals monitor's reference group
  std::size_t reasons = 4;
  unsigned threads = 0;
};

/// Decides on every person of the records with engine::engine (its sessions merged in person
/// order, so the monitors do not depend on `threads`) and returns the decisions as columns
/// and the monitors' reports.
template <class Rule>
py::dict decide_all(records_core& rc, const model::scorecard<double>& card, const policy_choice& policy,
                    const Rule& rule, const decide_request& q) {
  const auto& r = rc.records;
  const std::size_t n = r.persons.size();
  // The persons' segment and group indices from their labels.
  std::vector<std::uint32_t> segment(n, 0), group(n, 0);
  std::vector<std::string> group_names{"all"};
  if (!q.segment_column.empty()) {
    const column& c = r.persons.segment(q.segment_column);
    std::vector<std::uint32_t> row_of_code(c.dictionary().size());
    for (std::size_t code = 0; code < row_of_code.size(); ++code) {
      const auto at = std::find(q.segment_labels.begin(), q.segment_labels.end(), c.dictionary()[code]);
      row_of_code[code] = static_cast<std::uint32_t>(at - q.segment_labels.begin());  // past the table: bad_segment
    }
    for (std::size_t p = 0; p < n; ++p)
      segment[p] = c.codes()[p] == column::missing_code ? static_cast<std::uint32_t>(q.segment_labels.size())
                                                         : row_of_code[static_cast<std::size_t>(c.codes()[p])];
  }
  if (!q.group_column.empty()) {
    const column& c = r.persons.segment(q.group_column);
    group_names = c.dictionary();
    bool missing = false;
    for (std::size_t p = 0; p < n; ++p) {
      missing = missing || c.codes()[p] == column::missing_code;
      group[p] = c.codes()[p] == column::missing_code ? static_cast<std::uint32_t>(group_names.size())
                                                       : static_cast<std::uint32_t>(c.codes()[p]);
    }
    if (missing) group_names.push_back("(missing)");  // a person without a label is still decided
  }
  engine::monitor::by_group grouping;
  grouping.labels = group_names;
  using engine_t = python_engine<Rule>;
  const engine_t eng({features::standard_features(), rule}, card, policy,
                     engine::monitor::approvals_by<engine::monitor::by_group>(grouping, q.reference),
                     engine::monitor::coverage{});

  std::vector<engine::decision> decisions(n);
  std::optional<typename engine_t::session> merged;
  {
    py::gil_scoped_release free;
    const auto& g = rc.group();
    unsigned threads = q.threads ? q.threads : std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(n, 1)));
    std::vector<std::optional<typename engine_t::session>> sessions(threads);
    auto work = [&](unsigned k) {
      auto s = eng.make_session();
      const std::size_t from = n * k / threads, to = n * (k + 1) / threads;
      for (std::size_t p = from; p < to; ++p) {
        engine::applicant<> a;
        a.as_of = r.persons.as_of[p];
        a.accounts = {g.tradelines.data() + g.first_tradeline[p], g.first_tradeline[p + 1] - g.first_tradeline[p]};
        a.inquiries = {g.inquiries.data() + g.first_inquiry[p], g.first_inquiry[p + 1] - g.first_inquiry[p]};
        a.segment = segment[p];
        a.group = group[p];
        a.outcome = r.persons.has_bad() ? r.persons.bad[p] : -1;
        decisions[p] = eng.decide(a, s);
      }
      sessions[k] = std::move(s);
    };
    std::vector<std::thread> pool;
    std::exception_ptr failed;
    std::mutex m;
    for (unsigned k = 1; k < threads; ++k)
      pool.emplace_back([&, k] {
        try {
          work(k);
        } catch (...) {
          std::lock_guard lock(m);
          failed = std::current_exception();
        }
      });
    try {
      work(0);
    } catch (...) {
      std::lock_guard lock(m);
      failed = std::current_exception();
    }
    for (auto& t : pool) t.join();
    if (failed) std::rethrow_exception(failed);
    merged = std::move(sessions[0]);
    for (unsigned k = 1; k < threads; ++k) *merged += *sessions[k];
  }

  std::vector<std::string> verdicts(n), statuses(n), problems(n), files(n);
  std::vector<double> score(n), pd(n);
  py::list reasons;
  const std::size_t k = std::min(q.reasons, engine::max_reasons);
  std::vector<py::list> reason_cols(k);
  for (std::size_t p = 0; p < n; ++p) {
    const auto& d = decisions[p];
    verdicts[p] = engine::to_string(d.outcome);
    statuses[p] = engine::to_string(d.status);
    problems[p] = engine::to_string(d.problem);
    files[p] = coverage::to_string(d.file);
    score[p] = d.score;
    pd[p] = d.pd;
    for (std::size_t i = 0; i < k; ++i)
      reason_cols[i].append(i < d.reason_count ? py::object(py::str(eng.describe(d.reason_codes[i]))) : py::object(py::none()));
  }
  py::dict cols;
  cols["person_id"] = r.persons.id;
  cols["decision"] = verdicts;
  cols["status"] = statuses;
  cols["problem"] = problems;
  cols["file"] = files;
  cols["score"] = numpy_of(std::move(score));
  cols["pd"] = numpy_of(std::move(pd));
  for (std::size_t i = 0; i < k; ++i) cols[py::str("reason_" + std::to_string(i + 1))] = reason_cols[i];

  const auto snap = eng.snapshot(*merged);
  const auto& ap = snap.template get<engine::monitor::approvals_report>();
  py::dict approvals;
  {
    std::vector<std::string> name;
    std::vector<std::uint64_t> dec, appr, outc, bads;
    std::vector<double> rate, bad_rate, bad_rate_appr, air;
    std::vector<bool> below;
    for (const auto& l : ap.groups) {
      name.push_back(l.name);
      dec.push_back(l.decisions);
      appr.push_back(l.approved);
      rate.push_back(l.approval_rate);
      outc.push_back(l.outcomes);
      bads.push_back(l.bads);
      bad_rate.push_back(l.bad_rate);
      bad_rate_appr.push_back(l.bad_rate_approved);
      air.push_back(l.adverse_impact_ratio);
      below.push_back(l.below_four_fifths);
    }
    approvals["group"] = name; approvals["decisions"] = dec; approvals["approved"] = appr;
    approvals["approval_rate"] = rate; approvals["outcomes"] = outc; approvals["bads"] = bads;
    approvals["bad_rate"] = bad_rate; approvals["bad_rate_approved"] = bad_rate_appr;
    approvals["adverse_impact_ratio"] = air; approvals["below_four_fifths"] = below;
  }
  const auto& cv = snap.template get<engine::monitor::coverage_report>();
  py::dict cover;
  cover["decisions"] = cv.decisions();
  cover["scoreable"] = cv.files.scoreable;
  cover["unscoreable"] = cv.files.unscoreable;
  cover["invisible"] = cv.files.invisible;
  cover["invalid"] = cv.invalid;
  cover["scoreable_share"] = cv.scoreable_share();
  cover["approved"] = cv.approved;
  cover["declined"] = cv.declined;
  cover["referred"] = cv.referred;
  py::dict out;
  out["decisions"] = cols;
  out["approvals"] = approvals;
  out["reference"] = ap.groups.empty() ? std::string() : ap.groups[ap.reference].name;
  out["adverse_impact_ratio_across"] = ap.adverse_impact_ratio_across;
  out["coverage"] = cover;
  out["policy"] = std::string(policy.name());
  return out;
}

/// Binds Records, the features table, coverage and the engine's decide.
template <class ScorecardCore>
void bind_records(py::module_& m) {
  py::class_<records_core>(m, "RecordsCore")
      .def_static("from_text",
                  [](const std::string& persons, const std::string& tradelines, const std::string& inquiries) {
                    records_core rc;
                    py::gil_scoped_release free;
                    rc.records = io::parse_records(persons, tradelines, inquiries, "persons", "tradelines", "inquiries");
                    return rc;
                  })
      .def_static("from_files",
                  [](const std::string& persons, const std::string& tradelines, const std::string& inquiries) {
                    records_core rc;
                    py::gil_scoped_release free;
                    rc.records = io::read_records(persons, tradelines, inquiries);
                    return rc;
                  })
      .def("persons", [](const records_core& rc) { return rc.records.persons.size(); })
      .def("tradelines", [](const records_core& rc) { return rc.records.tradelines.size(); })
      .def("inquiries", [](const records_core& rc) { return rc.records.inquiries.size(); })
      .def("sources", [](const records_core& rc) { return rc.records.sources; })
      .def("segments", [](const records_core& rc) {
        std::vector<std::string> s;
        for (const auto& c : rc.records.persons.segments) s.push_back(c.name());
        return s;
      })
      .def("features", &features_of, py::arg("threads") = 0)
      .def("coverage", &coverage_of, py::arg("rule") = "default", py::arg("segments") = std::vector<std::string>{});
  m.attr("standard_feature_names") = features::standard_features().names();

  m.def("decide", [](records_core& rc, const ScorecardCore& card, const py::dict& o) {
    policy_choice policy;
    const auto kind = o["policy"].cast<std::string>();
    if (kind == "cutoff") {
      policy.policy = engine::decide::cutoff(o["cutoff"].cast<double>(), o["refer_from"].cast<double>());
    } else if (kind == "cutoff_table") {
      std::vector<engine::decide::cutoff> rows;
      for (const auto& row : o["cutoffs"].cast<std::vector<std::pair<double, double>>>())
        rows.emplace_back(row.first, row.second);
      policy.policy = engine::decide::cutoff_table(std::move(rows));
    } else if (kind == "max_pd") {
      const double c = o["max_pd"].cast<double>();
      if (!(c >= 0 && c <= 1))
        CREDO_THROW(invalid_input, "credo.python.bad_option", "max_pd=" + std::to_string(c) + ": a PD ceiling is in [0, 1]");
      policy.policy = engine::decide::max_pd{c};
    } else {
      CREDO_THROW(invalid_input, "credo.python.bad_option", "policy '" + kind + "': not one of cutoff, cutoff_table, max_pd");
    }
    decide_request q;
    q.segment_column = o["segment"].cast<std::string>();
    q.segment_labels = o["segment_labels"].cast<std::vector<std::string>>();
    q.group_column = o["group"].cast<std::string>();
    q.reference = o["reference"].cast<std::string>();
    q.reasons = o["reasons"].cast<std::size_t>();
    q.threads = o["threads"].cast<unsigned>();
    return rule_choice::of(o["rule"].cast<std::string>()).visit([&](const auto& rule) {
      return decide_all(rc, card.card, policy, rule, q);
    });
  });
}

}  // namespace credo::python
