// Session files: monitor states saved by one process and merged by another give the states
// an in-memory merge gives, bit for bit; damaged, hostile or mismatched files are refused with
// an id and the path of the value.
#include "service_fixture.hpp"

#include <credo/engine/engine.hpp>
#include <credo/io/session_file.hpp>

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <string>

using namespace credo;
using credo::test::hand_card;
using credo::test::hand_features;

namespace {
using card_t = model::scorecard<double>;
using saved_engine = engine::engine<hand_features, card_t, decide::cutoff, monitor::psi, monitor::approvals_by<>,
                                    monitor::coverage>;

/// Decides applicants [first, last) of the population on a fresh session.
saved_engine::session decide_range(const saved_engine& eng, const test::synthetic_applicants& pop, std::size_t first,
                                   std::size_t last) {
  auto s = eng.make_session();
  for (std::size_t i = first; i < last; ++i) eng.decide(pop.applicants[i], s);
  return s;
}

/// The session text with `from` replaced by `to` once (the test's way of damaging a file).
std::string edited(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

/// A user monitor that keeps its state in the file through save_state / load_state.
struct scored_counter {
  struct state {
    std::uint64_t scored = 0;
    state& operator+=(const state& o) {
      scored += o.scored;
      return *this;
    }
    friend bool operator==(const state&, const state&) = default;
  };
  using report_type = std::uint64_t;
  std::string_view name() const { return "scored_counter"; }
  state make_state() const { return {}; }
  template <class A>
  void add(state& s, const A&, const engine::decision& d) const {
    s.scored += d.scored();
  }
  report_type report(const state& s) const { return s.scored; }
  nlohmann::json save_state(const state& s) const { return {{"scored", s.scored}}; }
  state load_state(const nlohmann::json& j) const {
    if (!j.contains("scored") || !j["scored"].is_number_unsigned()) throw std::runtime_error("no count 'scored'");
    return {j["scored"].get<std::uint64_t>()};
  }
};
}  // namespace

TEST_CASE("a session saved by one process and merged by another equals the in-memory merge") {
  const test::synthetic_applicants pop(3000, 11);
  // Two engines built alike stand for two processes.
  const saved_engine first(hand_features{}, hand_card(), decide::cutoff(500));
  const saved_engine second(hand_features{}, hand_card(), decide::cutoff(500));
  const std::size_t n = pop.applicants.size();
  const auto a = decide_range(first, pop, 0, n / 2);
  const auto b = decide_range(second, pop, n / 2, n);

  const auto path = (std::filesystem::temp_directory_path() / "credo_test_session.json").string();
  io::save_session(first, a, path);
  const auto loaded = io::load_session(second, path);
  std::remove(path.c_str());
  CHECK(loaded == a);  // every count and moment read back to the same bits

  auto via_file = second.make_session();
  via_file += loaded;
  via_file += b;
  auto in_memory = first.make_session();
  in_memory += a;
  in_memory += b;
  CHECK(via_file == in_memory);
  const auto report = second.snapshot(via_file);
  CHECK(report.get<2>().decisions() == n);
  CHECK(report.get<0>().scored > 0);
  CHECK(report.get<0>().value == first.snapshot(in_memory).get<0>().value);

  // The same through text, and an empty session too.
  CHECK(io::session_from_string(second, io::session_to_string(first, b)) == b);
  const auto empty = first.make_session();
  CHECK(io::session_from_string(second, io::session_to_string(first, empty)) == empty);
}

TEST_CASE("a user monitor's state travels through its save_state and load_state") {
  using user_engine = engine::engine<hand_features, card_t, decide::cutoff, monitor::coverage, scored_counter>;
  const test::synthetic_applicants pop(500, 3);
  const user_engine eng(hand_features{}, hand_card(), decide::cutoff(500));
  auto s = eng.make_session();
  for (const auto& a : pop.applicants) eng.decide(a, s);
  const auto text = io::session_to_string(eng, s);
  CHECK(io::session_from_string(eng, text) == s);
  CHECK(std::get<1>(s.states()).scored > 0);
  CHECK_THROWS_WITH_AS(io::session_from_string(eng, edited(text, "\"scored\":", "\"counted\":")),
                       "[credo.session_file.bad_value] monitors[1].state: no count 'scored'", io_error);
}

TEST_CASE("damaged, hostile and mismatched session files are refused with an id and a path") {
  const test::synthetic_applicants pop(400, 5);
  const saved_engine eng(hand_features{}, hand_card(), decide::cutoff(500));
  const auto s = decide_range(eng, pop, 0, pop.applicants.size());
  const std::string text = io::session_to_string(eng, s, -1);  // compact: one line
  auto refused = [&](const std::string& t) { return io::session_from_string(eng, t); };

  CHECK_THROWS_WITH_AS(refused("{\"schema\": "), "[credo.session_file.parse_error] (file): not valid JSON (damaged or truncated)",
                       io_error);
  // Every truncation of the file is refused, none crashes or loads.
  for (std::size_t len = 0; len < text.size(); len += 7) CHECK_THROWS_AS(refused(text.substr(0, len)), io_error);

  CHECK_THROWS_WITH_AS(refused(edited(text, "credo.engine.session/1", "credo.scorecard/1")),
                       "[credo.session_file.unknown_schema] schema: 'credo.scorecard/1' is not a credo engine session "
                       "('credo.engine.session/N')",
                       io_error);
  CHECK_THROWS_WITH_AS(refused(edited(text, "credo.engine.session/1", "credo.engine.session/2")),
                       "[credo.session_file.newer_version] schema: version 2 is newer than this build reads (1)", io_error);
  CHECK_THROWS_WITH_AS(refused(edited(text, "\"name\":\"psi\"", "\"name\":\"stability\"")),
                       "[credo.session_file.monitor_mismatch] monitors[0].name: the file has monitor 'stability' here, "
                       "the engine 'psi'",
                       io_error);
  CHECK_THROWS_WITH_AS(refused(edited(text, "\"invalid\":", "\"invalid_input\":")),
                       "[credo.session_file.missing_key] monitors[2].state.invalid: missing", io_error);
  CHECK_THROWS_WITH_AS(refused(edited(text, "\"monitors\":[", "\"monitors\":[7,")),
                       "[credo.session_file.monitor_mismatch] monitors: the file has 4 monitors, the engine 3", io_error);
  CHECK_THROWS_WITH_AS(refused(edited(text, "\"weights\":[", "\"weights\":[-1,")),
                       "[credo.session_file.bad_value] monitors[0].state.weights[0]: a weight must be >= 0", io_error);
  CHECK_THROWS_WITH_AS(refused(edited(text, "\"rows\":[", "\"rows\":[\"many\",")),
                       "[credo.session_file.wrong_type] monitors[0].state.rows[0]: expected a whole number, got string",
                       io_error);
  CHECK_THROWS_WITH_AS(refused(edited(text, "\"groups\":[", "\"groups\":[\"x\",")),
                       "[credo.session_file.state_mismatch] monitors[1].state.all: the saved groups, cut-off or score "
                       "bands are not the engine's monitor's",
                       io_error);
  CHECK_THROWS_WITH_AS(refused(edited(text, "\"rows_bad\":", "\"rows_bad\":1000000,\"was\":")),
                       "[credo.session_file.bad_value] monitors[1].state.all: [credo.fairness.bad_counts] group 'A': a "
                       "part of the rows is larger than its whole",
                       io_error);
  CHECK_THROWS_WITH_AS(refused(edited(text, "\"approved\":", "\"approved\":1000000,\"was\":")),
                       "[credo.session_file.bad_value] monitors[1].state.all: [credo.fairness.bad_counts] group 'A': a "
                       "weighted part is larger than its whole",
                       io_error);
  CHECK_THROWS_WITH_AS(refused(edited(text, "\"referred\":", "\"referred\":1000000,\"was\":")),
                       "[credo.session_file.bad_value] monitors[2].state: the verdicts do not add up to the decisions",
                       io_error);
  const std::string too_large =
      "[credo.session_file.too_large] (file): " + std::to_string(text.size()) + " bytes, more than the limit 100";
  CHECK_THROWS_WITH_AS(io::session_from_string(eng, text, {.max_file_bytes = 100}), too_large.c_str(), io_error);
  CHECK_THROWS_WITH_AS(io::load_session(eng, "/nonexistent/credo.session.json"),
                       "[credo.session_file.open_failed] '/nonexistent/credo.session.json': cannot open the file: No such file or directory", io_error);

  // A session from an engine whose PSI has other bands does not fit this engine.
  const saved_engine other(hand_features{}, hand_card(), decide::cutoff(500),
                           monitor::psi(model::score_distribution{{-1e9, 500, 1e9}, {1, 1}}), monitor::approvals_by<>{},
                           monitor::coverage{});
  CHECK_THROWS_WITH_AS(io::session_from_string(eng, io::session_to_string(other, other.make_session())),
                       "[credo.session_file.state_mismatch] monitors[0].state.cutoffs: the saved score bands are not "
                       "the engine's PSI bands",
                       io_error);
}
