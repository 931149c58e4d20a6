// Scorecard model files: the whole card as JSON (schema "credo.scorecard/1").
//
//   credo::io::save_scorecard(card, "card.json");                   // atomic: temp file + rename
//   auto card = credo::io::load_scorecard<credo::model::scorecard<>>("card.json");
//
// This header needs nlohmann/json (Debian: nlohmann-json3-dev). The CMake target credo::credo
// does not link it: link nlohmann_json::nlohmann_json yourself where you include this header.
//
// What a file holds: the schema and version, the card's Real type, its rounding and missing
// options (any card loads; read into scorecard_options), the scaling (PDO, base score, base
// odds), where the intercept's points go, the intercept, the reason-code settings, and per
// characteristic its name, kind, bins (cuts and special values, or label groups with the
// unseen-category policy and its resolved bin), WoE, the zero-cell rule that made it (optional
// on reading, "half" when absent), coefficient, training weights and points per bin; optionally the training score
// distribution (for later PSI), and optionally the fit behind the card ("fit": the
// coefficients with standard errors, z and p-values, the fit statistics, the characteristics
// dropped and why; fit_record below), which credo report shows. Doubles are written in the shortest form that reads back as
// the same bits, so a loaded card scores bit for bit like the saved one; the points are
// recomputed on load from WoE, coefficients and scaling and must equal the stored ones.
//
// Loading is strict. A damaged, truncated or hostile file (bad JSON, wrong types, missing
// keys, non-finite numbers, oversized arrays, cuts not increasing, lengths that disagree,
// an unknown schema or a newer version) throws credo::io_error with an id
// credo.model_file.<what> and the JSON path of the offending value, e.g.
//   [credo.model_file.size_mismatch] characteristics[3].woe: 4 values for 5 bins
// and never returns a half-loaded card. See docs/scorecard.md, "Model files".
#pragma once

#include <credo/binning/binning_table.hpp>
#include <credo/binning/bins.hpp>
#include <credo/core/error.hpp>
#include <credo/detail/text.hpp>
#include <credo/detail/file.hpp>
#include <credo/detail/enum_names.hpp>
#include <credo/io/atomic_file.hpp>
#include <credo/model/scorecard.hpp>
#include <credo/model/workflow.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace credo::io {

/// The schema name and the version this build writes and reads.
inline constexpr std::string_view scorecard_schema = "credo.scorecard";
inline constexpr int scorecard_schema_version = 1;

/// Limits a loaded file must respect (hostile files must not exhaust memory).
struct model_file_limits {
  std::size_t max_file_bytes = std::size_t{256} << 20;  ///< 256 MiB
  std::size_t max_characteristics = 10000;
  std::size_t max_bins = 100000;      ///< per characteristic
  std::size_t max_labels = 1000000;   ///< per characteristic
  std::size_t max_reasons = 1000;
  std::size_t max_histogram = 1000000;
};

namespace detail {

template <class Real>
constexpr std::string_view real_name() {
  return std::is_same_v<Real, float> ? "float" : "double";
}

/// A JSON number, or "inf" / "-inf" for an infinite one (JSON has no infinity).
inline nlohmann::json number_json(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return v;
}

inline nlohmann::json array_json(const std::vector<double>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (double x : v) a.push_back(number_json(x));
  return a;
}

/// The error ids of model files: credo.model_file.<what>.
struct model_file_errors {
  static constexpr std::string_view prefix = "credo.model_file.";
};

/// Reads and checks one JSON value; every error names the path, its id is Errors::prefix
/// followed by what went wrong (shared by the file formats of credo::io).
template <class Errors>
class basic_reader {
public:
  explicit basic_reader(const model_file_limits& limits) : limits_(limits) {}

  [[noreturn]] static void fail(const char* what, const std::string& path, const std::string& message) {
    CREDO_THROW(io_error, std::string(Errors::prefix) + what, path + ": " + message);
  }

  static const char* type_name(const nlohmann::json& j) { return j.type_name(); }

  static const nlohmann::json& key(const nlohmann::json& obj, const std::string& path, const char* k) {
    const auto it = obj.find(k);
    if (it == obj.end()) fail("missing_key", join(path, k), "missing");
    return *it;
  }
  static std::string join(const std::string& path, const char* k) { return path.empty() ? k : path + "." + k; }
  static std::string at(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

  static void expect(const nlohmann::json& j, nlohmann::json::value_t t, const char* what, const std::string& path) {
    const bool ok = t == nlohmann::json::value_t::number_float ? j.is_number() : j.type() == t;
    if (!ok) fail("wrong_type", path, std::string("expected ") + what + ", got " + type_name(j));
  }

  static const nlohmann::json& object(const nlohmann::json& parent, const std::string& path, const char* k) {
    const auto& j = key(parent, path, k);
    expect(j, nlohmann::json::value_t::object, "an object", join(path, k));
    return j;
  }

  static std::string string(const nlohmann::json& j, const std::string& path) {
    expect(j, nlohmann::json::value_t::string, "a string", path);
    return j.get<std::string>();
  }

  /// A finite number (or ±inf as "inf"/"-inf" where allow_inf).
  static double number(const nlohmann::json& j, const std::string& path, bool allow_inf = false) {
    if (allow_inf && j.is_string()) {
      const auto& s = j.get_ref<const std::string&>();
      if (s == "inf") return std::numeric_limits<double>::infinity();
      if (s == "-inf") return -std::numeric_limits<double>::infinity();
    }
    if (!j.is_number()) fail("wrong_type", path, std::string("expected a number, got ") + type_name(j));
    const double v = j.get<double>();
    if (!allow_inf && !std::isfinite(v)) fail("not_finite", path, "the number is not finite");
    if (std::isnan(v)) fail("not_finite", path, "the number is NaN");
    return v;
  }

  static std::size_t count(const nlohmann::json& j, const std::string& path, std::size_t max) {
    if (!j.is_number_integer() && !j.is_number_unsigned())
      fail("wrong_type", path, std::string("expected a whole number, got ") + type_name(j));
    if (j.is_number_integer() && !j.is_number_unsigned() && j.get<std::int64_t>() < 0)
      fail("bad_value", path, "expected a whole number >= 0");
    const auto v = j.get<std::uint64_t>();
    if (v > max) fail("bad_value", path, std::to_string(v) + " is above the limit " + std::to_string(max));
    return static_cast<std::size_t>(v);
  }

  static const nlohmann::json& array(const nlohmann::json& j, const std::string& path, std::size_t max) {
    expect(j, nlohmann::json::value_t::array, "an array", path);
    if (j.size() > max)
      fail("too_large", path, std::to_string(j.size()) + " elements, more than the limit " + std::to_string(max));
    return j;
  }

  static std::vector<double> numbers(const nlohmann::json& j, const std::string& path, std::size_t max,
                                     bool allow_inf = false) {
    array(j, path, max);
    std::vector<double> v;
    v.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i) v.push_back(number(j[i], at(path, i), allow_inf));
    return v;
  }

  const model_file_limits& limits() const noexcept { return limits_; }

  /// The whole file at `path`, refused above max_bytes (open_failed, too_large): the
  /// library's one file reader, with this format's ids.
  static std::string read_file(const std::string& path, std::size_t max_bytes) {
    std::string_view prefix = Errors::prefix;
    prefix.remove_suffix(1);  // "credo.model_file." → "credo.model_file"
    return credo::detail::read_whole_file(path, max_bytes, prefix);
  }

  /// `text` parsed as JSON, refused above max_bytes (too_large) or when it is not JSON
  /// (parse_error).
  static nlohmann::json parse(std::string_view text, std::size_t max_bytes) {
    if (text.size() > max_bytes)
      fail("too_large", "(file)", std::to_string(text.size()) + " bytes, more than the limit " +
                                      std::to_string(max_bytes));
    nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded()) fail("parse_error", "(file)", "not valid JSON (damaged or truncated)");
    return j;
  }

  /// Checks j["schema"] is "<name>/<version>" with 1 <= version <= newest and returns the
  /// version (unknown_schema, newer_version): a newer file is refused before anything else
  /// is read.
  static int schema_version(const nlohmann::json& j, std::string_view name, int newest, std::string_view what) {
    const std::string schema = string(key(j, "", "schema"), "schema");
    const std::string prefix = std::string(name) + "/";
    if (schema.compare(0, prefix.size(), prefix) != 0)
      fail("unknown_schema", "schema", "'" + schema + "' is not " + std::string(what) + " ('" + prefix + "N')");
    const std::string v = schema.substr(prefix.size());
    bool digits = !v.empty() && v.size() < 9;
    for (char ch : v) digits = digits && ch >= '0' && ch <= '9';
    if (!digits) fail("unknown_schema", "schema", "'" + schema + "' has no version number");
    const int version = std::stoi(v);
    if (version > newest)
      fail("newer_version", "schema",
           "version " + v + " is newer than this build reads (" + std::to_string(newest) + ")");
    if (version < 1) fail("unknown_schema", "schema", "version " + v + " does not exist");
    return version;
  }

private:
  model_file_limits limits_;
};

using reader = basic_reader<model_file_errors>;

template <class E>
E enum_of(const std::string& s, const std::string& path, std::initializer_list<std::pair<const char*, E>> names) {
  std::string known;
  for (const auto& [n, e] : names) {
    if (s == n) return e;
    known += (known.empty() ? "" : ", ") + std::string(n);
  }
  reader::fail("bad_value", path, "'" + s + "' is not one of " + known);
}

/// The value of a named enum (credo::detail::enum_names) called s, or bad_value listing the names.
template <credo::detail::named_enum E>
E named_enum_of(const std::string& s, const std::string& path) {
  if (const auto e = credo::detail::enum_from_name<E>(s)) return *e;
  reader::fail("bad_value", path, "'" + s + "' is not one of " + credo::detail::enum_name_list<E>());
}

}  // namespace detail

/// The card as a JSON document (schema credo.scorecard/1).
template <class Real>
nlohmann::json scorecard_to_json(const model::scorecard<Real>& card) {
  using nlohmann::json;
  json j;
  j["schema"] = std::string(scorecard_schema) + "/" + std::to_string(scorecard_schema_version);
  j["real"] = std::string(detail::real_name<Real>());
  const auto& o = card.options();
  j["rounding"] = model::to_string(o.rounding);
  j["missing"] = model::to_string(o.missing);
  j["scaling"] = {{"pdo", o.pdo}, {"base_score", o.base_score}, {"base_odds", o.base_odds}};
  j["intercept_points"] = model::to_string(o.intercept);
  j["intercept"] = card.intercept();
  j["base_points"] = static_cast<double>(card.base_points());
  j["reasons"] = {{"max_reasons", o.reasons.max_reasons},
                  {"baseline", model::to_string(o.reasons.baseline)},
                  {"given", detail::array_json(o.reasons.given)}};
  json chars = json::array();
  for (std::size_t c = 0; c < card.size(); ++c) {
    const auto& s = card.characteristic(c);
    json x;
    x["name"] = s.name;
    x["kind"] = credo::to_string(s.bins.kind());
    if (s.bins.is_numeric()) {
      x["cuts"] = detail::array_json(s.bins.cuts());
      x["specials"] = detail::array_json(s.bins.specials());
    } else {
      x["groups"] = s.bins.groups();
      x["unseen"] = binning::to_string(s.bins.unseen_policy());
      x["unseen_bin"] = s.bins.unseen_bin();
    }
    x["coefficient"] = s.coefficient;
    x["woe"] = detail::array_json(s.woe);
    x["zero_cells"] = binning::to_string(s.zero_cells);
    x["weights"] = detail::array_json(s.weights);
    std::vector<double> pts(card.points(c).begin(), card.points(c).end());
    x["points"] = detail::array_json(pts);
    chars.push_back(std::move(x));
  }
  j["characteristics"] = std::move(chars);
  if (const auto& d = card.training_distribution())
    j["score_distribution"] = {{"edges", detail::array_json(d->edges)}, {"counts", detail::array_json(d->counts)}};
  return j;
}

/// The card as JSON text.
/// Throws credo.model_file.not_utf8 when a name or label is not valid UTF-8 (JSON text must be).
template <class Card>
std::string scorecard_to_string(const Card& card, int indent = 1) {
  const auto j = scorecard_to_json(card);
  try {
    return j.dump(indent);
  } catch (const nlohmann::json::exception&) {
    CREDO_THROW(invalid_input, "credo.model_file.not_utf8",
                "a characteristic name or a category label is not valid UTF-8; JSON text must be");
  }
}

/// Reads a card of type Card from a parsed JSON document. Throws credo::io_error
/// (credo.model_file.*) naming the JSON path of what is wrong.
template <class Card = model::scorecard<>>
Card scorecard_from_json(const nlohmann::json& j, const model_file_limits& limits = {}) {
  using Real = typename Card::real_type;
  using vt = nlohmann::json::value_t;
  detail::reader rd(limits);
  using R = detail::reader;
  R::expect(j, vt::object, "an object", "(root)");
  R::schema_version(j, scorecard_schema, scorecard_schema_version, "a credo scorecard");
  auto check_type = [&](const char* k, std::string_view want) {
    const std::string got = R::string(R::key(j, "", k), k);
    if (got != want)
      R::fail("type_mismatch", k, "the file's card has " + std::string(k) + " '" + got + "', the card type '" +
                                      std::string(want) + "'");
  };
  check_type("real", detail::real_name<Real>());

  // Rounding and missing handling are options of any card (files before they were read
  // into options store the same names).
  model::scorecard_options opt;
  opt.rounding = detail::named_enum_of<model::rounding_method>(R::string(R::key(j, "", "rounding"), "rounding"), "rounding");
  opt.missing = detail::named_enum_of<model::missing_action>(R::string(R::key(j, "", "missing"), "missing"), "missing");
  const auto& sc = R::object(j, "", "scaling");
  opt.pdo = R::number(R::key(sc, "scaling", "pdo"), "scaling.pdo");
  opt.base_score = R::number(R::key(sc, "scaling", "base_score"), "scaling.base_score");
  opt.base_odds = R::number(R::key(sc, "scaling", "base_odds"), "scaling.base_odds");
  opt.intercept = detail::named_enum_of<model::intercept_points>(
      R::string(R::key(j, "", "intercept_points"), "intercept_points"), "intercept_points");
  const double intercept = R::number(R::key(j, "", "intercept"), "intercept");
  const double base_points = R::number(R::key(j, "", "base_points"), "base_points");
  const auto& rs = R::object(j, "", "reasons");
  opt.reasons.max_reasons = R::count(R::key(rs, "reasons", "max_reasons"), "reasons.max_reasons", limits.max_reasons);
  opt.reasons.baseline = detail::named_enum_of<model::baseline_method>(
      R::string(R::key(rs, "reasons", "baseline"), "reasons.baseline"), "reasons.baseline");
  opt.reasons.given = rd.numbers(R::key(rs, "reasons", "given"), "reasons.given", limits.max_characteristics);

  const auto& cj = rd.array(R::key(j, "", "characteristics"), "characteristics", limits.max_characteristics);
  std::vector<model::characteristic_spec> specs;
  std::vector<std::vector<double>> stored_points;
  specs.reserve(cj.size());
  for (std::size_t c = 0; c < cj.size(); ++c) {
    const std::string path = R::at("characteristics", c);
    const auto& x = cj[c];
    R::expect(x, vt::object, "an object", path);
    model::characteristic_spec s;
    s.name = R::string(R::key(x, path, "name"), R::join(path, "name"));
    const auto kind = detail::named_enum_of<column_kind>(R::string(R::key(x, path, "kind"), R::join(path, "kind")), R::join(path, "kind"));
    try {
      if (kind == column_kind::numeric) {
        auto cuts = rd.numbers(R::key(x, path, "cuts"), R::join(path, "cuts"), limits.max_bins);
        for (std::size_t i = 1; i < cuts.size(); ++i)
          if (!(cuts[i - 1] < cuts[i]))
            R::fail("cuts_not_increasing", R::at(R::join(path, "cuts"), i), "not above the previous cut point");
        auto specials = rd.numbers(R::key(x, path, "specials"), R::join(path, "specials"), limits.max_bins);
        s.bins = binning::bins::numeric(std::move(cuts), std::move(specials), s.name);
      } else {
        const std::string gp = R::join(path, "groups");
        const auto& gj = rd.array(R::key(x, path, "groups"), gp, limits.max_bins);
        std::vector<std::vector<std::string>> groups(gj.size());
        std::size_t labels = 0;
        for (std::size_t g = 0; g < gj.size(); ++g) {
          const auto& lj = rd.array(gj[g], R::at(gp, g), limits.max_labels);
          labels += lj.size();
          if (labels > limits.max_labels)
            R::fail("too_large", gp, "more labels than the limit " + std::to_string(limits.max_labels));
          for (std::size_t i = 0; i < lj.size(); ++i) groups[g].push_back(R::string(lj[i], R::at(R::at(gp, g), i)));
        }
        const auto unseen = detail::named_enum_of<binning::unseen_category>(
            R::string(R::key(x, path, "unseen"), R::join(path, "unseen")), R::join(path, "unseen"));
        s.bins = binning::bins::categorical(std::move(groups), unseen, s.name);
        const std::size_t ub = R::count(R::key(x, path, "unseen_bin"), R::join(path, "unseen_bin"), limits.max_bins + 2);
        // Restore the resolved fallback: training rows only in bin ub make resolve_unseen pick it.
        std::vector<double> rows(s.bins.size(), 0.0);
        if (ub < rows.size()) rows[ub] = 1.0;
        s.bins.resolve_unseen(rows, rows);
        if (s.bins.unseen_bin() != ub)
          R::fail("bad_value", R::join(path, "unseen_bin"),
                  std::to_string(ub) + " is not a bin the unseen policy '" + binning::to_string(unseen) + "' can choose");
      }
    } catch (const invalid_input& e) {  // duplicate or empty labels, NaN or repeated specials
      R::fail("bad_bins", path, e.what());
    }
    s.coefficient = R::number(R::key(x, path, "coefficient"), R::join(path, "coefficient"));
    s.woe = rd.numbers(R::key(x, path, "woe"), R::join(path, "woe"), limits.max_bins + 2);
    if (s.woe.size() != s.bins.size())
      R::fail("size_mismatch", R::join(path, "woe"),
              std::to_string(s.woe.size()) + " values for " + std::to_string(s.bins.size()) + " bins");
    if (const auto zc = x.find("zero_cells"); zc != x.end())  // files before the rule was recorded: half
      s.zero_cells = detail::named_enum_of<binning::zero_cell_rule>(R::string(*zc, R::join(path, "zero_cells")),
                                                                    R::join(path, "zero_cells"));
    s.weights = rd.numbers(R::key(x, path, "weights"), R::join(path, "weights"), limits.max_bins + 2);
    if (!s.weights.empty() && s.weights.size() != s.bins.size())
      R::fail("size_mismatch", R::join(path, "weights"),
              std::to_string(s.weights.size()) + " values for " + std::to_string(s.bins.size()) + " bins");
    for (std::size_t i = 0; i < s.weights.size(); ++i)
      if (s.weights[i] < 0) R::fail("bad_value", R::at(R::join(path, "weights"), i), "a weight is never negative");
    auto pts = rd.numbers(R::key(x, path, "points"), R::join(path, "points"), limits.max_bins + 2);
    if (pts.size() != s.bins.size())
      R::fail("size_mismatch", R::join(path, "points"),
              std::to_string(pts.size()) + " values for " + std::to_string(s.bins.size()) + " bins");
    stored_points.push_back(std::move(pts));
    specs.push_back(std::move(s));
  }
  std::optional<model::score_distribution> dist;
  if (const auto it = j.find("score_distribution"); it != j.end()) {
    R::expect(*it, vt::object, "an object", "score_distribution");
    model::score_distribution d;
    d.edges = rd.numbers(R::key(*it, "score_distribution", "edges"), "score_distribution.edges",
                         limits.max_histogram + 1, true);
    d.counts = rd.numbers(R::key(*it, "score_distribution", "counts"), "score_distribution.counts",
                          limits.max_histogram);
    dist = std::move(d);
  }
  Card card;
  try {
    card = Card(std::move(specs), intercept, std::move(opt));
    if (dist) card.set_score_distribution(std::move(*dist));
  } catch (const invalid_input& e) {  // scaling options, duplicate names, given baselines...
    R::fail("bad_model", "(root)", e.what());
  }
  // The points follow from WoE, coefficients and scaling; a file whose points disagree was
  // edited or damaged.
  for (std::size_t c = 0; c < card.size(); ++c)
    for (std::size_t b = 0; b < stored_points[c].size(); ++b)
      if (static_cast<double>(card.points(c)[b]) != stored_points[c][b])
        R::fail("points_mismatch", R::at(R::join(R::at("characteristics", c), "points"), b),
                "stored " + credo::detail::format_shortest(stored_points[c][b]) + ", computed " +
                    credo::detail::format_shortest(static_cast<double>(card.points(c)[b])));
  if (static_cast<double>(card.base_points()) != base_points)
    R::fail("points_mismatch", "base_points",
            "stored " + credo::detail::format_shortest(base_points) + ", computed " +
                credo::detail::format_shortest(static_cast<double>(card.base_points())));
  return card;
}

/// Parses JSON text into a card. Throws credo.model_file.parse_error for text that is not
/// JSON, then what scorecard_from_json throws.
template <class Card = model::scorecard<>>
Card scorecard_from_string(std::string_view text, const model_file_limits& limits = {}) {
  return scorecard_from_json<Card>(detail::reader::parse(text, limits.max_file_bytes), limits);
}

/// Writes the card to `path` atomically (a temporary file in the same directory, renamed over
/// the target): on failure an existing file is untouched and credo.io.write_failed is thrown.
template <class Real>
void save_scorecard(const model::scorecard<Real>& card, const std::string& path) {
  const std::string text = scorecard_to_string(card) + "\n";
  write_file_atomic(path, text);
}

/// Reads a card from `path`. Throws credo.model_file.open_failed, too_large, and the errors of
/// scorecard_from_string.
template <class Card = model::scorecard<>>
Card load_scorecard(const std::string& path, const model_file_limits& limits = {}) {
  return scorecard_from_string<Card>(detail::reader::read_file(path, limits.max_file_bytes), limits);
}

/// What `credo fit` knew of the fit besides the card: the logistic model's summary (its
/// coefficients with standard errors, z, p and Wald intervals, intercept first; the fit
/// statistics) and the characteristics dropped with the reason. A model file keeps it in its
/// optional member "fit"; files without it load as before, and load_fit_record gives nothing.
struct fit_record {
  model::model_summary model;
  std::vector<model::selection_result::dropped_column> dropped;
};

namespace detail {

/// A number that may be NaN (an l1-penalised coefficient's standard error): null in JSON.
inline nlohmann::json nullable_json(double v) { return std::isnan(v) ? nlohmann::json(nullptr) : number_json(v); }
inline double nullable_number(const nlohmann::json& j, const std::string& path) {
  return j.is_null() ? std::numeric_limits<double>::quiet_NaN() : reader::number(j, path, true);
}

}  // namespace detail

/// The "fit" member of a model file.
inline nlohmann::json fit_record_to_json(const fit_record& f) {
  using nlohmann::json;
  using detail::nullable_json;
  const auto& m = f.model;
  json coefs = json::array();
  for (const auto& c : m.coefficients)
    coefs.push_back({{"name", c.name}, {"estimate", nullable_json(c.estimate)}, {"std_error", nullable_json(c.std_error)},
                     {"z", nullable_json(c.z)}, {"p_value", nullable_json(c.p_value)},
                     {"conf_int", {nullable_json(c.conf_int.lower), nullable_json(c.conf_int.upper)}},
                     {"odds_ratio", nullable_json(c.odds_ratio)},
                     {"odds_ratio_conf_int",
                      {nullable_json(c.odds_ratio_conf_int.lower), nullable_json(c.odds_ratio_conf_int.upper)}}});
  json dropped = json::array();
  for (const auto& d : f.dropped) dropped.push_back({{"name", d.name}, {"reason", d.reason}});
  return {{"status", model::to_string(m.status)},
          {"message", m.message},
          {"coefficients", coefs},
          {"log_likelihood", nullable_json(m.log_likelihood)},
          {"null_log_likelihood", nullable_json(m.null_log_likelihood)},
          {"aic", nullable_json(m.aic)},
          {"bic", nullable_json(m.bic)},
          {"iterations", m.iterations},
          {"nobs", nullable_json(m.nobs)},
          {"alpha", m.alpha},
          {"deviance", nullable_json(m.deviance)},
          {"null_deviance", nullable_json(m.null_deviance)},
          {"lr_test", {{"statistic", nullable_json(m.lr_test.statistic)}, {"df", m.lr_test.df},
                       {"p_value", nullable_json(m.lr_test.p_value)}}},
          {"pseudo_r2", {{"mcfadden", nullable_json(m.r2.mcfadden)}, {"cox_snell", nullable_json(m.r2.cox_snell)},
                         {"nagelkerke", nullable_json(m.r2.nagelkerke)}}},
          {"dropped", dropped}};
}

/// The card and the fit behind it as JSON text: scorecard_to_string's document with the
/// member "fit" (credo.model_file.not_utf8 as there).
template <class Real>
std::string scorecard_to_string(const model::scorecard<Real>& card, const fit_record& fit, int indent = 1) {
  auto j = scorecard_to_json(card);
  j["fit"] = fit_record_to_json(fit);
  try {
    return j.dump(indent);
  } catch (const nlohmann::json::exception&) {
    CREDO_THROW(invalid_input, "credo.model_file.not_utf8",
                "a characteristic name, a category label or a reason is not valid UTF-8; JSON text must be");
  }
}

/// The "fit" member of a parsed model file, or nothing when the file has none (written before
/// credo fit recorded it). Strict as the card's reading: credo.model_file.wrong_type,
/// missing_key, bad_value, too_large naming the path (e.g. fit.coefficients[2].std_error).
inline std::optional<fit_record> fit_record_from_json(const nlohmann::json& j, const model_file_limits& limits = {}) {
  using R = detail::reader;
  using vt = nlohmann::json::value_t;
  const auto it = j.find("fit");
  if (it == j.end()) return std::nullopt;
  const auto& f = *it;
  R::expect(f, vt::object, "an object", "fit");
  fit_record out;
  auto& m = out.model;
  auto number = [&](const nlohmann::json& parent, const std::string& path, const char* k) {
    return detail::nullable_number(R::key(parent, path, k), R::join(path, k));
  };
  auto pair = [&](const nlohmann::json& parent, const std::string& path, const char* k) {
    const auto& a = R::array(R::key(parent, path, k), R::join(path, k), 2);
    if (a.size() != 2) R::fail("size_mismatch", R::join(path, k), std::to_string(a.size()) + " values, expected 2");
    return model::confidence_interval{detail::nullable_number(a[0], R::at(R::join(path, k), 0)),
                                      detail::nullable_number(a[1], R::at(R::join(path, k), 1))};
  };
  m.status = detail::named_enum_of<model::fit_status>(R::string(R::key(f, "fit", "status"), "fit.status"), "fit.status");
  m.message = R::string(R::key(f, "fit", "message"), "fit.message");
  const auto& cj = R::array(R::key(f, "fit", "coefficients"), "fit.coefficients", limits.max_characteristics + 1);
  for (std::size_t i = 0; i < cj.size(); ++i) {
    const std::string path = R::at("fit.coefficients", i);
    R::expect(cj[i], vt::object, "an object", path);
    model::coefficient_row c;
    c.name = R::string(R::key(cj[i], path, "name"), R::join(path, "name"));
    c.estimate = number(cj[i], path, "estimate");
    c.std_error = number(cj[i], path, "std_error");
    c.z = number(cj[i], path, "z");
    c.p_value = number(cj[i], path, "p_value");
    c.conf_int = pair(cj[i], path, "conf_int");
    c.odds_ratio = number(cj[i], path, "odds_ratio");
    c.odds_ratio_conf_int = pair(cj[i], path, "odds_ratio_conf_int");
    m.coefficients.push_back(std::move(c));
  }
  m.log_likelihood = number(f, "fit", "log_likelihood");
  m.null_log_likelihood = number(f, "fit", "null_log_likelihood");
  m.aic = number(f, "fit", "aic");
  m.bic = number(f, "fit", "bic");
  m.iterations = static_cast<int>(R::count(R::key(f, "fit", "iterations"), "fit.iterations", 1u << 30));
  m.nobs = number(f, "fit", "nobs");
  m.alpha = R::number(R::key(f, "fit", "alpha"), "fit.alpha");
  m.deviance = number(f, "fit", "deviance");
  m.null_deviance = number(f, "fit", "null_deviance");
  m.pseudo_r2 = 0;
  const auto& lr = R::object(f, "fit", "lr_test");
  m.lr_test.statistic = number(lr, "fit.lr_test", "statistic");
  m.lr_test.df = R::number(R::key(lr, "fit.lr_test", "df"), "fit.lr_test.df");
  m.lr_test.p_value = number(lr, "fit.lr_test", "p_value");
  const auto& r2 = R::object(f, "fit", "pseudo_r2");
  m.r2.mcfadden = number(r2, "fit.pseudo_r2", "mcfadden");
  m.r2.cox_snell = number(r2, "fit.pseudo_r2", "cox_snell");
  m.r2.nagelkerke = number(r2, "fit.pseudo_r2", "nagelkerke");
  m.pseudo_r2 = m.r2.mcfadden;
  const auto& dj = R::array(R::key(f, "fit", "dropped"), "fit.dropped", limits.max_characteristics);
  for (std::size_t i = 0; i < dj.size(); ++i) {
    const std::string path = R::at("fit.dropped", i);
    R::expect(dj[i], vt::object, "an object", path);
    out.dropped.push_back({R::string(R::key(dj[i], path, "name"), R::join(path, "name")),
                           R::string(R::key(dj[i], path, "reason"), R::join(path, "reason"))});
  }
  return out;
}

/// The fit record of a model file's text (nothing when it has none); parse errors as
/// scorecard_from_string's.
inline std::optional<fit_record> fit_record_from_string(std::string_view text, const model_file_limits& limits = {}) {
  return fit_record_from_json(detail::reader::parse(text, limits.max_file_bytes), limits);
}

}  // namespace credo::io
