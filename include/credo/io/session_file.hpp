// Session files: an engine session's monitor states as JSON, so that monitors kept by several
// processes (or machines, or days) merge with += as the threads of one process do.
//
//   auto s = eng.make_session();                        // process A decides and keeps s
//   credo::io::save_session(eng, s, "a.session.json");   // written atomically
//   auto t = eng.make_session();                        // process B decides and keeps t
//   t += credo::io::load_session(eng, "a.session.json"); // B now holds A's decisions too
//   std::cout << eng.snapshot(t);
//
// The file names every monitor of the engine, in order, with its state (schema
// credo.engine.session/1). Counts and weights are written with the digits that read back to
// the same double, so a loaded state equals the saved one bit for bit, and merging it gives
// the snapshot one process deciding everything would have given.
//
// Loading checks the file against the engine that loads it: the same monitors in the same
// order, and states that fit their configuration (the PSI bands, the groups, the cut-off).
// Any mismatch, damage or hostile content throws credo::io_error with a
// credo.session_file.<what> id and the path of the offending value; nothing is half-loaded
// (the session is built only after every state has been read).
//
// A monitor's state is read and written by monitor_state_io<M>: credo's monitors (psi,
// approvals_by<G>, coverage) have it; a user monitor either has members
//   nlohmann::json save_state(const state&) const
//   state load_state(const nlohmann::json&) const    (throws what it likes on bad content)
// or a specialisation of credo::io::monitor_state_io for its type.
#pragma once

#include <credo/core/error.hpp>
#include <credo/detail/file.hpp>
#include <credo/engine/monitor.hpp>
#include <credo/io/atomic_file.hpp>
#include <credo/io/model_file.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace credo::io {

/// The schema name and the version this build writes and reads.
inline constexpr std::string_view session_schema = "credo.engine.session";
inline constexpr int session_schema_version = 1;

/// Limits a loaded session file must respect.
struct session_file_limits {
  std::size_t max_file_bytes = std::size_t{64} << 20;  ///< 64 MiB
  std::size_t max_entries = 1000000;                    ///< per array (bands, groups)
};

namespace detail {

/// The error ids of session files: credo.session_file.<what>.
struct session_file_errors {
  static constexpr std::string_view prefix = "credo.session_file.";
};
using session_reader = basic_reader<session_file_errors>;

/// A weight: a finite number >= 0.
inline double weight(const nlohmann::json& j, const std::string& path) {
  const double v = session_reader::number(j, path);
  if (v < 0) session_reader::fail("bad_value", path, "a weight must be >= 0");
  return v;
}

/// An array of weights (finite numbers >= 0), at most max of them.
inline std::vector<double> weights(const nlohmann::json& j, const std::string& path, std::size_t max) {
  auto v = session_reader::numbers(j, path, max);
  for (std::size_t i = 0; i < v.size(); ++i)
    if (v[i] < 0) session_reader::fail("bad_value", session_reader::at(path, i), "a weight must be >= 0");
  return v;
}

/// An array of whole numbers >= 0, at most max of them.
inline std::vector<std::uint64_t> counts(const nlohmann::json& j, const std::string& path, std::size_t max) {
  session_reader::array(j, path, max);
  std::vector<std::uint64_t> v;
  v.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i)
    v.push_back(session_reader::count(j[i], session_reader::at(path, i), UINT64_MAX));
  return v;
}

inline std::uint64_t count(const nlohmann::json& obj, const std::string& path, const char* k) {
  return session_reader::count(session_reader::key(obj, path, k), session_reader::join(path, k), UINT64_MAX);
}

/// Band cut-offs: numbers, "inf" / "-inf" allowed.
inline std::vector<double> cutoffs_of(const nlohmann::json& j, const std::string& path, std::size_t max) {
  return session_reader::numbers(j, path, max, true);
}

/// group_counts<double> <-> JSON: the configuration (names, cut-off, bands) and one cell per
/// group.
inline nlohmann::json group_counts_json(const fairness::group_counts<double>& c) {
  nlohmann::json cells = nlohmann::json::array();
  for (std::size_t g = 0; g < c.groups(); ++g) {
    const auto& x = c[g];
    cells.push_back({{"weight", x.weight},
                     {"bad", x.bad},
                     {"approved", x.approved},
                     {"approved_bad", x.approved_bad},
                     {"rows", x.rows},
                     {"rows_bad", x.rows_bad},
                     {"rows_approved", x.rows_approved},
                     {"rows_approved_bad", x.rows_approved_bad},
                     {"score_mean", x.score_mean},
                     {"score_m2", x.score_m2},
                     {"band_weight", x.band_weight},
                     {"band_bad", x.band_bad},
                     {"band_rows", x.band_rows}});
  }
  return {{"groups", c.names()}, {"cutoff", number_json(c.cutoff())}, {"bands", array_json(c.bands())}, {"cells", cells}};
}

/// Reads counts saved by group_counts_json and checks that their configuration is `like`'s.
inline fairness::group_counts<double> group_counts_from(const nlohmann::json& j, const std::string& path,
                                                        const fairness::group_counts<double>& like,
                                                        const session_file_limits& limits) {
  using R = session_reader;
  R::expect(j, nlohmann::json::value_t::object, "an object", path);
  const auto& gj = R::key(j, path, "groups");
  R::expect(gj, nlohmann::json::value_t::array, "an array", R::join(path, "groups"));
  std::vector<std::string> names;
  for (std::size_t i = 0; i < gj.size() && i <= like.groups(); ++i)
    names.push_back(R::string(gj[i], R::at(R::join(path, "groups"), i)));
  const double cutoff = R::number(R::key(j, path, "cutoff"), R::join(path, "cutoff"), true);
  const auto bands = cutoffs_of(R::key(j, path, "bands"), R::join(path, "bands"), limits.max_entries);
  if (names != like.names() || gj.size() != like.groups() || !(cutoff == like.cutoff()) || bands != like.bands())
    R::fail("state_mismatch", path, "the saved groups, cut-off or score bands are not the engine's monitor's");
  const auto& cj = R::key(j, path, "cells");
  R::expect(cj, nlohmann::json::value_t::array, "an array", R::join(path, "cells"));
  if (cj.size() != like.groups())
    R::fail("state_mismatch", R::join(path, "cells"),
            std::to_string(cj.size()) + " cells for " + std::to_string(like.groups()) + " groups");
  std::vector<fairness::group_cell<double>> cells(cj.size());
  for (std::size_t g = 0; g < cj.size(); ++g) {
    const std::string p = R::at(R::join(path, "cells"), g);
    const auto& x = cj[g];
    R::expect(x, nlohmann::json::value_t::object, "an object", p);
    auto& c = cells[g];
    auto w = [&](const char* k) { return weight(R::key(x, p, k), R::join(p, k)); };
    c.weight = w("weight");
    c.bad = w("bad");
    c.approved = w("approved");
    c.approved_bad = w("approved_bad");
    c.rows = count(x, p, "rows");
    c.rows_bad = count(x, p, "rows_bad");
    c.rows_approved = count(x, p, "rows_approved");
    c.rows_approved_bad = count(x, p, "rows_approved_bad");
    c.score_mean = R::number(R::key(x, p, "score_mean"), R::join(p, "score_mean"));
    c.score_m2 = w("score_m2");
    c.band_weight = weights(R::key(x, p, "band_weight"), R::join(p, "band_weight"), limits.max_entries);
    c.band_bad = weights(R::key(x, p, "band_bad"), R::join(p, "band_bad"), limits.max_entries);
    c.band_rows = counts(R::key(x, p, "band_rows"), R::join(p, "band_rows"), limits.max_entries);
  }
  try {
    return fairness::group_counts<double>::from_cells(like.names(), like.cutoff(), like.bands(), std::move(cells));
  } catch (const invalid_input& e) {
    R::fail("bad_value", path, e.what());
  }
}

}  // namespace detail

/// How a monitor's state is written and read. The primary template uses the monitor's own
/// save_state / load_state members; credo's monitors are specialised below. load gets the
/// state make_state() gives, as the pattern the saved one must fit (the same bands, groups).
template <class M>
struct monitor_state_io {
  static nlohmann::json save(const M& m, const typename M::state& s)
    requires requires { { m.save_state(s) } -> std::convertible_to<nlohmann::json>; }
  {
    return m.save_state(s);
  }
  static typename M::state load(const M& m, const nlohmann::json& j, const std::string& path,
                                const typename M::state&, const session_file_limits&)
    requires requires { { m.load_state(j) } -> std::same_as<typename M::state>; }
  {
    try {
      return m.load_state(j);
    } catch (const io_error&) {
      throw;
    } catch (const std::exception& e) {
      detail::session_reader::fail("bad_value", path, e.what());
    }
  }
};

/// PSI: the band counts of the scores decided.
template <>
struct monitor_state_io<engine::monitor::psi> {
  using M = engine::monitor::psi;
  static nlohmann::json save(const M&, const M::state& s) {
    return {{"cutoffs", detail::array_json(s.cutoffs())}, {"weights", s.weights()}, {"rows", s.rows()}};
  }
  static M::state load(const M&, const nlohmann::json& j, const std::string& path, const M::state& like,
                       const session_file_limits& limits) {
    using R = detail::session_reader;
    R::expect(j, nlohmann::json::value_t::object, "an object", path);
    const auto cutoffs = detail::cutoffs_of(R::key(j, path, "cutoffs"), R::join(path, "cutoffs"), limits.max_entries);
    if (cutoffs != like.cutoffs())
      R::fail("state_mismatch", R::join(path, "cutoffs"), "the saved score bands are not the engine's PSI bands");
    auto w = detail::weights(R::key(j, path, "weights"), R::join(path, "weights"), limits.max_entries);
    const auto r = detail::counts(R::key(j, path, "rows"), R::join(path, "rows"), limits.max_entries);
    if (w.size() != cutoffs.size() + 1 || r.size() != cutoffs.size() + 1)
      R::fail("state_mismatch", path,
              std::to_string(cutoffs.size() + 1) + " bands need as many weights and row counts, got " +
                  std::to_string(w.size()) + " and " + std::to_string(r.size()));
    return M::state::from_counts(cutoffs, std::move(w), std::vector<std::size_t>(r.begin(), r.end()));
  }
};

/// Approvals by group: the counts of all decisions and of those with a known outcome.
template <class G>
struct monitor_state_io<engine::monitor::approvals_by<G>> {
  using M = engine::monitor::approvals_by<G>;
  static nlohmann::json save(const M&, const typename M::state& s) {
    return {{"all", detail::group_counts_json(s.all)}, {"known", detail::group_counts_json(s.known)}};
  }
  static typename M::state load(const M&, const nlohmann::json& j, const std::string& path,
                                const typename M::state& like, const session_file_limits& limits) {
    using R = detail::session_reader;
    R::expect(j, nlohmann::json::value_t::object, "an object", path);
    typename M::state s{detail::group_counts_from(R::key(j, path, "all"), R::join(path, "all"), like.all, limits),
                        detail::group_counts_from(R::key(j, path, "known"), R::join(path, "known"), like.known, limits)};
    return s;
  }
};

/// Coverage: decisions by file status and verdict.
template <>
struct monitor_state_io<engine::monitor::coverage> {
  using M = engine::monitor::coverage;
  static nlohmann::json save(const M&, const M::state& s) {
    const auto& c = s.counts;
    return {{"invisible", c.files.invisible}, {"unscoreable", c.files.unscoreable}, {"scoreable", c.files.scoreable},
            {"invalid", c.invalid},           {"approved", c.approved},             {"declined", c.declined},
            {"referred", c.referred}};
  }
  static M::state load(const M&, const nlohmann::json& j, const std::string& path, const M::state&,
                       const session_file_limits&) {
    using R = detail::session_reader;
    R::expect(j, nlohmann::json::value_t::object, "an object", path);
    M::state s;
    auto& c = s.counts;
    c.files.invisible = detail::weight(R::key(j, path, "invisible"), R::join(path, "invisible"));
    c.files.unscoreable = detail::weight(R::key(j, path, "unscoreable"), R::join(path, "unscoreable"));
    c.files.scoreable = detail::weight(R::key(j, path, "scoreable"), R::join(path, "scoreable"));
    c.invalid = detail::count(j, path, "invalid");
    c.approved = detail::count(j, path, "approved");
    c.declined = detail::count(j, path, "declined");
    c.referred = detail::count(j, path, "referred");
    // Every decision has one verdict: the verdicts add up to the decisions.
    if (static_cast<double>(c.approved) + static_cast<double>(c.declined) + static_cast<double>(c.referred) !=
        c.files.total() + static_cast<double>(c.invalid))
      R::fail("bad_value", path, "the verdicts do not add up to the decisions");
    return s;
  }
};

/// The session's monitor states as a JSON document (schema credo.engine.session/1).
template <class Engine>
nlohmann::json session_to_json(const Engine& eng, const typename Engine::session& s) {
  nlohmann::json monitors = nlohmann::json::array();
  std::apply(
      [&](const auto&... m) {
        std::apply(
            [&](const auto&... st) {
              (monitors.push_back(
                   {{"name", std::string(m.name())},
                    {"state", monitor_state_io<std::remove_cvref_t<decltype(m)>>::save(m, st)}}),
               ...);
            },
            s.states());
      },
      eng.monitors());
  return {{"schema", std::string(session_schema) + "/" + std::to_string(session_schema_version)},
          {"monitors", monitors}};
}

template <class Engine>
std::string session_to_string(const Engine& eng, const typename Engine::session& s, int indent = 1) {
  return session_to_json(eng, s).dump(indent);
}

/// A fresh session of `eng` holding the saved monitor states (see the top of this file for
/// what is checked). Throws credo::io_error (credo.session_file.*).
template <class Engine>
typename Engine::session session_from_json(const Engine& eng, const nlohmann::json& j,
                                           const session_file_limits& limits = {}) {
  using R = detail::session_reader;
  R::expect(j, nlohmann::json::value_t::object, "an object", "(root)");
  R::schema_version(j, session_schema, session_schema_version, "a credo engine session");
  const auto& mj = R::key(j, "", "monitors");
  R::expect(mj, nlohmann::json::value_t::array, "an array", "monitors");
  constexpr std::size_t n = std::tuple_size_v<std::remove_cvref_t<decltype(eng.monitors())>>;
  if (mj.size() != n)
    R::fail("monitor_mismatch", "monitors",
            "the file has " + std::to_string(mj.size()) + " monitors, the engine " + std::to_string(n));
  auto session = eng.make_session();
  auto states = session.states();  // read into a copy: the session is written only when all are read
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (
        [&] {
          const auto& m = std::get<I>(eng.monitors());
          const std::string path = R::at("monitors", I);
          const auto& e = mj[I];
          R::expect(e, nlohmann::json::value_t::object, "an object", path);
          const std::string name = R::string(R::key(e, path, "name"), R::join(path, "name"));
          if (name != m.name())
            R::fail("monitor_mismatch", R::join(path, "name"),
                    "the file has monitor '" + name + "' here, the engine '" + std::string(m.name()) + "'");
          using M = std::remove_cvref_t<decltype(m)>;
          std::get<I>(states) =
              monitor_state_io<M>::load(m, R::key(e, path, "state"), R::join(path, "state"), std::get<I>(states), limits);
        }(),
        ...);
  }(std::make_index_sequence<n>{});
  session.states() = std::move(states);
  return session;
}

/// Parses JSON text into a session of `eng` (credo.session_file.parse_error for text that is
/// not JSON, too_large above limits.max_file_bytes), then as session_from_json.
template <class Engine>
typename Engine::session session_from_string(const Engine& eng, std::string_view text,
                                             const session_file_limits& limits = {}) {
  return session_from_json(eng, detail::session_reader::parse(text, limits.max_file_bytes), limits);
}

/// Writes the session's monitor states to `path` atomically (credo.io.write_failed).
template <class Engine>
void save_session(const Engine& eng, const typename Engine::session& s, const std::string& path) {
  write_file_atomic(path, session_to_string(eng, s) + "\n");
}

/// Reads a session of `eng` from `path` (credo.session_file.open_failed, too_large, and the
/// errors of session_from_string).
template <class Engine>
typename Engine::session load_session(const Engine& eng, const std::string& path, const session_file_limits& limits = {}) {
  return session_from_string(eng, credo::detail::read_whole_file(path, limits.max_file_bytes, "credo.session_file"),
                             limits);
}

}  // namespace credo::io
