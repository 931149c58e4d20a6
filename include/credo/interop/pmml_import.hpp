// credo::interop::pmml_model: a PMML 4.1-4.4 Scorecard or RegressionModel read from its XML,
// evaluated row by row as the specification says, and (for a scorecard credo's card can
// represent exactly) converted to a credo::model::scorecard. docs/interop.md, "Import".
//
//   auto m = credo::interop::pmml_model::load("card.pmml");
//   std::vector<credo::model::input> row{35.0, "rent"};      // one value per m.fields()
//   auto r = m.evaluate(row);        // r.status, r.value (the score), r.reasons (ranked codes)
//   auto card = credo::interop::to_scorecard(m);   // or credo.pmml.not_representable
//
// This header needs pugixml (Debian: libpugixml-dev); link the CMake target credo::pmml.
//
// Reading is strict, and nothing is guessed. An element or attribute value this reader does
// not implement (a DerivedField, a Targets element, a model type other than Scorecard and
// RegressionModel, an Apply of a function it does not know...) is refused with
// credo.pmml.unsupported naming the element and its line, never evaluated differently.
// Hostile files are refused before any work: a DOCTYPE or entity declaration (entity
// expansion, external entities: credo.pmml.doctype), a file or an attribute above its limit
// (credo.pmml.too_large), elements nested deeper than the limit (credo.pmml.too_deep), a
// number that is not one (credo.pmml.bad_number).
//
// Evaluation never throws: a row gets pmml_status::ok with its value, or ::invalid (the
// specification's invalid result: an invalid input under returnInvalid, no Attribute TRUE in
// a Characteristic, an arithmetic error) or ::missing (a missing result: a missing numeric
// predictor, a ComplexPartialScore that is missing), with the element or field responsible.
#pragma once

#include <credo/binning/bins.hpp>
#include <credo/core/error.hpp>
#include <credo/detail/file.hpp>
#include <credo/detail/text.hpp>
#include <credo/model/scorecard.hpp>

#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace credo::interop {

/// Limits a PMML file must respect (a hostile file must not exhaust memory or the stack).
struct pmml_limits {
  std::size_t max_file_bytes = std::size_t{64} << 20;  ///< 64 MiB
  std::size_t max_attribute_bytes = std::size_t{1} << 20;  ///< one attribute's or text's value
  std::size_t max_depth = 64;       ///< element nesting in the whole document
  std::size_t max_expression_depth = 32;  ///< predicates within predicates, Apply within Apply
  std::size_t max_elements = 2000000;
};

enum class pmml_kind { scorecard, regression, classification };
enum class pmml_status : std::uint8_t { ok, invalid, missing };

inline const char* to_string(pmml_status s) noexcept {
  return s == pmml_status::ok ? "ok" : s == pmml_status::invalid ? "invalid" : "missing";
}

/// One active input field (a MiningField of usageType active) and its DataDictionary entry.
struct pmml_field {
  enum class missing_treatment { as_is, as_value, return_invalid };
  enum class invalid_treatment { return_invalid, as_is, as_missing, as_value };
  struct interval {
    double lo = -std::numeric_limits<double>::infinity(), hi = std::numeric_limits<double>::infinity();
    bool lo_closed = true, hi_closed = true;
  };

  std::string name;
  bool numeric = true;   ///< dataType double, float or integer (else string)
  bool integer = false;  ///< dataType integer: a value with a fraction is invalid
  std::string optype;    ///< continuous, categorical or ordinal
  std::size_t line = 0;  ///< the DataField's line
  // DataDictionary: Value elements by property, Interval elements (numeric fields).
  std::vector<std::string> valid, invalid, missing;
  std::vector<double> valid_numbers, invalid_numbers, missing_numbers;
  std::vector<interval> intervals;
  // MiningSchema.
  missing_treatment on_missing = missing_treatment::as_is;
  invalid_treatment on_invalid = invalid_treatment::return_invalid;
  std::optional<std::string> missing_replacement, invalid_replacement;  ///< as written
  double missing_replacement_number = 0, invalid_replacement_number = 0;

  bool restricted() const noexcept {
    return !valid.empty() || !invalid.empty() || !missing.empty() || !intervals.empty();
  }
};

/// One reason code and its points (summed over the characteristics and attributes giving it).
struct pmml_reason {
  std::string code;
  double points = 0;
};

/// The result of one row.
struct pmml_result {
  pmml_status status = pmml_status::ok;
  std::string why;           ///< status other than ok: the field or element responsible
  double value = std::numeric_limits<double>::quiet_NaN();  ///< the score or predicted value
  std::size_t predicted = 0;                  ///< classification: index into categories()
  std::vector<double> probabilities;          ///< classification: one per category
  std::vector<pmml_reason> reasons;           ///< scorecard: every code with points >= 0, ranked
  bool ok() const noexcept { return status == pmml_status::ok; }
};

namespace pmml_detail {

/// A field's value after the MiningSchema's treatments.
struct value {
  enum kind_t : std::uint8_t { missing, number, text } kind = missing;
  double x = 0;
  std::string_view s;
};

/// Three-valued logic (PMML "General Structure", predicates): TRUE, FALSE, UNKNOWN.
enum class truth : std::uint8_t { f, t, unknown };

enum class pred_kind : std::uint8_t { always, never, simple, set, compound };
enum class simple_op : std::uint8_t { eq, ne, lt, le, gt, ge, is_missing, is_not_missing };
enum class bool_op : std::uint8_t { and_, or_, xor_, surrogate };

struct predicate {
  pred_kind kind = pred_kind::always;
  std::size_t field = 0;
  simple_op op = simple_op::eq;
  bool is_in = true;
  bool_op combine = bool_op::and_;
  double number = 0;
  std::string text;
  std::vector<double> numbers;
  std::vector<std::string> texts;
  std::vector<predicate> children;
  std::size_t line = 0;
};

enum class expr_kind : std::uint8_t { constant, field_ref, apply };
enum class fn : std::uint8_t {
  add, sub, mul, div, min, max, sum, avg, product, log10, ln, sqrt, abs, exp, pow, threshold, floor, ceil
};

struct expression {
  expr_kind kind = expr_kind::constant;
  bool constant_missing = false;
  double constant = 0;
  std::size_t field = 0;
  fn function = fn::add;
  std::optional<double> map_missing_to, default_value;
  bool invalid_as_missing = false;  ///< Apply invalidValueTreatment="asMissing"
  std::vector<expression> args;
  std::size_t line = 0;
};

struct attribute {
  predicate when;
  std::optional<double> partial;        ///< partialScore
  std::optional<expression> complex;    ///< ComplexPartialScore
  std::string reason_code;              ///< its own or its characteristic's
  std::size_t line = 0, complex_line = 0;
};

struct characteristic {
  std::string name;
  std::string reason_code;
  double baseline = 0;
  std::vector<attribute> attributes;
  std::size_t line = 0;
};

struct numeric_predictor {
  std::size_t field = 0;
  double coefficient = 0;
  int exponent = 1;
};
struct categorical_predictor {
  std::size_t field = 0;
  std::string text;
  double number = 0;
  double coefficient = 0;
};
struct regression_table {
  double intercept = 0;
  std::string category;
  std::vector<numeric_predictor> numeric;
  std::vector<categorical_predictor> categorical;
  std::size_t line = 0;
};

/// An error naming the element and its line.
[[noreturn]] inline void fail(const char* id, std::string_view element, std::size_t line, const std::string& what) {
  CREDO_THROW(io_error, id, "element '" + std::string(element) + "' at line " + std::to_string(line) + ": " + what);
}

inline std::string_view trim(std::string_view s) noexcept {
  const auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return s;
}

/// An xs:double as PMML writes it ("12", "-0.5", "1e3", "+2"); NaN and infinities are refused
/// (no score, coefficient or cut point is one).
inline std::optional<double> parse_number(std::string_view s) noexcept {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  double v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace pmml_detail

/// A PMML model ready to evaluate. Build it with load() or from_string().
class pmml_model {
public:
  /// Reads the file at `path` (credo.pmml.open_failed, credo.pmml.too_large) and parses it.
  static pmml_model load(const std::string& path, const pmml_limits& limits = {}) {
    return from_string(credo::detail::read_whole_file(path, limits.max_file_bytes, "credo.pmml"), limits);
  }

  /// Parses PMML text. Throws credo::io_error with ids credo.pmml.* naming the element and
  /// its line (docs/errors.md, "pmml").
  static pmml_model from_string(std::string_view text, const pmml_limits& limits = {}) {
    pmml_model m;
    m.parse(text, limits);
    return m;
  }

  pmml_kind kind() const noexcept { return kind_; }
  /// The PMML version the file declares ("4.1" ... "4.4").
  const std::string& version() const noexcept { return version_; }
  /// The active input fields, in MiningSchema order: evaluate() takes one value per field.
  const std::vector<pmml_field>& fields() const noexcept { return fields_; }
  /// The target field's name ("" when the MiningSchema names none).
  const std::string& target() const noexcept { return target_; }
  /// Classification: the target categories, in RegressionTable order.
  const std::vector<std::string>& categories() const noexcept { return categories_; }
  /// Scorecard: does it give reason codes (useReasonCodes)?
  bool uses_reason_codes() const noexcept { return use_reasons_; }
  bool points_below() const noexcept { return points_below_; }
  double initial_score() const noexcept { return initial_score_; }
  const std::string& baseline_method() const noexcept { return baseline_method_; }
  const std::vector<pmml_detail::characteristic>& characteristics() const noexcept { return chars_; }
  /// The value of the model's <Extension extender="credo" name="NAME" value="..."/> (what a
  /// card credo exported says of its scaling and options), or nullopt.
  std::optional<std::string> extension(std::string_view name) const {
    for (const auto& [k, v] : extensions_)
      if (k == name) return v;
    return std::nullopt;
  }
  /// Index of the field called `name` among fields(), or nullopt.
  std::optional<std::size_t> find(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < fields_.size(); ++i)
      if (fields_[i].name == name) return i;
    return std::nullopt;
  }

  /// Evaluates one row: values[i] is fields()[i]'s value (a NaN number or the empty label is
  /// missing; a label for a numeric field is read as a number, and is invalid when it is
  /// not one). Never throws.
  pmml_result evaluate(std::span<const model::input> values) const {
    pmml_result r;
    if (values.size() != fields_.size()) {
      r.status = pmml_status::invalid;
      r.why = std::to_string(values.size()) + " values for " + std::to_string(fields_.size()) + " fields";
      return r;
    }
    std::vector<pmml_detail::value> v(fields_.size());
    for (std::size_t i = 0; i < fields_.size(); ++i)
      if (!prepare(i, values[i], v[i])) {
        r.status = pmml_status::invalid;
        r.why = "field '" + fields_[i].name + "'";
        return r;
      }
    if (kind_ == pmml_kind::scorecard) score_card(v, r);
    else regress(v, r);
    return r;
  }
  pmml_result evaluate(std::initializer_list<model::input> values) const {
    return evaluate(std::span<const model::input>(values.begin(), values.size()));
  }

private:
  using value = pmml_detail::value;
  using truth = pmml_detail::truth;

  // --- evaluation -----------------------------------------------------------------------

  /// MiningSchema treatments (PMML "MiningSchema"): a value in the DataDictionary's missing
  /// list is missing; one outside the valid values or intervals, in the invalid list, or not
  /// a number for a numeric field (a fraction for an integer one) is invalid and treated by
  /// invalidValueTreatment (returnInvalid: the result is invalid; asIs: used as it is;
  /// asMissing: missing; asValue: invalidValueReplacement). A missing value is replaced by
  /// missingValueReplacement when there is one, or makes the result invalid under
  /// missingValueTreatment="returnInvalid". Returns false for an invalid result.
  bool prepare(std::size_t i, const model::input& in, value& out) const {
    const pmml_field& f = fields_[i];
    bool missing = false, invalid = false;
    out = value{};
    if (f.numeric) {
      double x = in.number();
      if (in.is_label()) {
        if (in.label().empty()) missing = true;
        else if (const auto p = pmml_detail::parse_number(in.label())) x = *p;
        else invalid = true;
      } else if (std::isnan(x)) {
        missing = true;
      }
      if (!missing && !invalid) {
        if (contains(f.missing_numbers, x)) missing = true;
        else invalid = !valid_number(f, x);
      }
      if (!missing && !invalid) out = value{value::number, x, {}};
      if (invalid && f.on_invalid == pmml_field::invalid_treatment::as_is) {
        if (!std::isfinite(x) || std::isnan(x)) return false;  // not a number at all: nothing to use
        out = value{value::number, x, {}};
        invalid = false;
      }
    } else {
      if (in.is_label()) {
        if (in.label().empty()) missing = true;
        else out = value{value::text, 0, in.label()};
      } else if (std::isnan(in.number())) {
        missing = true;
      } else {
        return false;  // a number for a string field: the caller's mistake, never guessed
      }
      if (!missing) {
        if (contains(f.missing, out.s)) missing = true;
        else invalid = contains(f.invalid, out.s) || (!f.valid.empty() && !contains(f.valid, out.s));
      }
      if (invalid && f.on_invalid == pmml_field::invalid_treatment::as_is) invalid = false;
    }
    if (invalid) {
      switch (f.on_invalid) {
        case pmml_field::invalid_treatment::return_invalid: return false;
        case pmml_field::invalid_treatment::as_missing: missing = true; break;
        case pmml_field::invalid_treatment::as_value:
          out = f.numeric ? value{value::number, f.invalid_replacement_number, {}}
                          : value{value::text, 0, *f.invalid_replacement};
          return true;
        case pmml_field::invalid_treatment::as_is: break;
      }
    }
    if (missing) {
      out = value{};
      if (f.missing_replacement) {
        out = f.numeric ? value{value::number, f.missing_replacement_number, {}}
                        : value{value::text, 0, *f.missing_replacement};
      } else if (f.on_missing == pmml_field::missing_treatment::return_invalid) {
        return false;
      }
    }
    return true;
  }

  static bool contains(const std::vector<double>& v, double x) noexcept {
    return std::find(v.begin(), v.end(), x) != v.end();
  }
  static bool contains(const std::vector<std::string>& v, std::string_view s) noexcept {
    return std::find(v.begin(), v.end(), s) != v.end();
  }

  static bool valid_number(const pmml_field& f, double x) noexcept {
    if (f.integer && x != std::floor(x)) return false;
    if (contains(f.invalid_numbers, x)) return false;
    if (f.intervals.empty() && f.valid_numbers.empty()) return true;
    if (contains(f.valid_numbers, x)) return true;
    for (const auto& iv : f.intervals) {
      const bool above = iv.lo_closed ? x >= iv.lo : x > iv.lo;
      const bool below = iv.hi_closed ? x <= iv.hi : x < iv.hi;
      if (above && below) return true;
    }
    return false;
  }

  /// Predicates with PMML's three-valued logic ("Predicates" in General Structure):
  /// a comparison with a missing value is UNKNOWN except isMissing / isNotMissing;
  /// and: FALSE if any child is FALSE, else UNKNOWN if any is UNKNOWN, else TRUE;
  /// or: TRUE if any is TRUE, else UNKNOWN if any is UNKNOWN, else FALSE;
  /// xor: UNKNOWN if any is UNKNOWN, else TRUE for an odd number of TRUE children;
  /// surrogate: the first child that is not UNKNOWN, else UNKNOWN.
  static truth test(const pmml_detail::predicate& p, std::span<const value> v) noexcept {
    using pmml_detail::pred_kind;
    using pmml_detail::simple_op;
    using pmml_detail::bool_op;
    switch (p.kind) {
      case pred_kind::always: return truth::t;
      case pred_kind::never: return truth::f;
      case pred_kind::simple: {
        const value& x = v[p.field];
        if (p.op == simple_op::is_missing) return x.kind == value::missing ? truth::t : truth::f;
        if (p.op == simple_op::is_not_missing) return x.kind == value::missing ? truth::f : truth::t;
        if (x.kind == value::missing) return truth::unknown;
        bool r = false;
        if (x.kind == value::number) {
          switch (p.op) {
            case simple_op::eq: r = x.x == p.number; break;
            case simple_op::ne: r = x.x != p.number; break;
            case simple_op::lt: r = x.x < p.number; break;
            case simple_op::le: r = x.x <= p.number; break;
            case simple_op::gt: r = x.x > p.number; break;
            case simple_op::ge: r = x.x >= p.number; break;
            default: break;
          }
        } else {
          r = p.op == simple_op::eq ? x.s == p.text : x.s != p.text;  // string fields: eq / ne only
        }
        return r ? truth::t : truth::f;
      }
      case pred_kind::set: {
        const value& x = v[p.field];
        if (x.kind == value::missing) return truth::unknown;
        const bool in = x.kind == value::number ? contains(p.numbers, x.x) : contains(p.texts, x.s);
        return in == p.is_in ? truth::t : truth::f;
      }
      case pred_kind::compound: {
        bool any_unknown = false;
        switch (p.combine) {
          case bool_op::and_:
            for (const auto& c : p.children) {
              const truth t = test(c, v);
              if (t == truth::f) return truth::f;
              any_unknown = any_unknown || t == truth::unknown;
            }
            return any_unknown ? truth::unknown : truth::t;
          case bool_op::or_:
            for (const auto& c : p.children) {
              const truth t = test(c, v);
              if (t == truth::t) return truth::t;
              any_unknown = any_unknown || t == truth::unknown;
            }
            return any_unknown ? truth::unknown : truth::f;
          case bool_op::xor_: {
            bool odd = false;
            for (const auto& c : p.children) {
              const truth t = test(c, v);
              if (t == truth::unknown) return truth::unknown;
              odd = odd != (t == truth::t);
            }
            return odd ? truth::t : truth::f;
          }
          case bool_op::surrogate:
            for (const auto& c : p.children) {
              const truth t = test(c, v);
              if (t != truth::unknown) return t;
            }
            return truth::unknown;
        }
      }
    }
    return truth::unknown;
  }

  /// An expression's value: a number, missing (nullopt), or invalid (`invalid` set).
  /// Built-in functions (PMML "Built-in Functions"): + − * / and pow, threshold, the
  /// one-argument ones are missing when an argument is missing; min, max, sum, avg and
  /// product ignore missing arguments (missing only when all are). Apply's mapMissingTo is
  /// the value when an argument is missing, defaultValue the value when the result is
  /// missing. A result that is not a finite number (division by zero, ln of 0, an overflow)
  /// is invalid, or missing under invalidValueTreatment="asMissing".
  static std::optional<double> compute(const pmml_detail::expression& e, std::span<const value> v, bool& invalid) noexcept {
    using pmml_detail::expr_kind;
    using pmml_detail::fn;
    switch (e.kind) {
      case expr_kind::constant:
        if (e.constant_missing) return std::nullopt;
        return e.constant;
      case expr_kind::field_ref: {
        const value& x = v[e.field];
        if (x.kind == value::missing) return e.map_missing_to;
        return x.x;
      }
      case expr_kind::apply: break;
    }
    std::vector<std::optional<double>> a;
    a.reserve(e.args.size());
    bool any_missing = false;
    for (const auto& c : e.args) {
      a.push_back(compute(c, v, invalid));
      if (invalid) return std::nullopt;
      any_missing = any_missing || !a.back();
    }
    std::optional<double> r;
    const bool aggregate = e.function == fn::min || e.function == fn::max || e.function == fn::sum ||
                           e.function == fn::avg || e.function == fn::product;
    if (aggregate) {
      double acc = 0;
      std::size_t n = 0;
      for (const auto& x : a) {
        if (!x) continue;
        if (n == 0) acc = *x;
        else if (e.function == fn::min) acc = std::min(acc, *x);
        else if (e.function == fn::max) acc = std::max(acc, *x);
        else if (e.function == fn::product) acc *= *x;
        else acc += *x;
        ++n;
      }
      if (n > 0) r = e.function == fn::avg ? acc / static_cast<double>(n) : acc;
      else if (e.map_missing_to) return e.map_missing_to;
    } else if (any_missing) {
      if (e.map_missing_to) return e.map_missing_to;
    } else {
      const double x = *a[0];
      const double y = a.size() > 1 ? *a[1] : 0.0;
      switch (e.function) {
        case fn::add: r = x + y; break;
        case fn::sub: r = x - y; break;
        case fn::mul: r = x * y; break;
        case fn::div: r = x / y; break;
        case fn::log10: r = std::log10(x); break;
        case fn::ln: r = std::log(x); break;
        case fn::sqrt: r = std::sqrt(x); break;
        case fn::abs: r = std::fabs(x); break;
        case fn::exp: r = std::exp(x); break;
        case fn::pow: r = std::pow(x, y); break;
        case fn::threshold: r = x > y ? 1.0 : 0.0; break;
        case fn::floor: r = std::floor(x); break;
        case fn::ceil: r = std::ceil(x); break;
        default: break;
      }
    }
    if (r && !std::isfinite(*r)) {
      if (!e.invalid_as_missing) {
        invalid = true;
        return std::nullopt;
      }
      r.reset();
    }
    if (!r && e.default_value) return e.default_value;
    return r;
  }

  /// Scorecard ("Scorecard" in PMML 4.4): score = initialScore + Σ partial scores, the
  /// characteristics in document order; in each, the first Attribute whose predicate is TRUE
  /// gives the partial score (none TRUE: the result is invalid). Reason codes: per code, the
  /// sum over its attributes of baseline − partial (pointsBelow) or partial − baseline
  /// (pointsAbove); codes whose total is below 0 are dropped; the rest ranked by total,
  /// largest first, ties in the order the codes first occurred (a stable sort), as
  /// JPMML-Evaluator ranks them.
  void score_card(std::span<const value> v, pmml_result& r) const {
    double score = initial_score_;
    for (const auto& c : chars_) {
      const pmml_detail::attribute* hit = nullptr;
      for (const auto& a : c.attributes)
        if (test(a.when, v) == truth::t) {
          hit = &a;
          break;
        }
      if (!hit) {
        r.status = pmml_status::invalid;
        r.why = "Characteristic '" + c.name + "' (line " + std::to_string(c.line) + "): no Attribute is TRUE";
        r.reasons.clear();
        return;
      }
      double partial = 0;
      if (hit->complex) {
        bool invalid = false;
        const auto x = compute(*hit->complex, v, invalid);
        if (invalid || !x) {
          r.status = invalid ? pmml_status::invalid : pmml_status::missing;
          r.why = "ComplexPartialScore at line " + std::to_string(hit->complex_line) +
                  (invalid ? ": an arithmetic error" : ": missing");
          r.reasons.clear();
          return;
        }
        partial = *x;
      } else {
        partial = *hit->partial;
      }
      score += partial;
      if (use_reasons_) {
        const double d = points_below_ ? c.baseline - partial : partial - c.baseline;
        auto it = std::find_if(r.reasons.begin(), r.reasons.end(),
                               [&](const pmml_reason& x) { return x.code == hit->reason_code; });
        if (it == r.reasons.end()) r.reasons.push_back({hit->reason_code, d});
        else it->points += d;
      }
    }
    r.value = score;
    std::erase_if(r.reasons, [](const pmml_reason& x) { return x.points < 0; });
    std::stable_sort(r.reasons.begin(), r.reasons.end(),
                     [](const pmml_reason& a, const pmml_reason& b) { return a.points > b.points; });
  }

  /// RegressionModel ("Regression" in PMML 4.4): y = intercept + Σ c·x^e over NumericPredictors
  /// (a missing x makes the result missing) + Σ c·[x = value] over CategoricalPredictors (a
  /// missing x adds nothing). Regression: y, or 1 / (1 + exp(−y)) under logit. Classification,
  /// one table per category: softmax p_k = exp(y_k) / Σ_j exp(y_j) (computed as
  /// exp(y_k − max y) / Σ exp(y_j − max y), the same quotient without overflow); logit with two
  /// categories p_1 = 1 / (1 + exp(−y_1)), p_2 = 1 − p_1. The predicted category has the
  /// largest probability (ties: the first).
  void regress(std::span<const value> v, pmml_result& r) const {
    std::vector<double> y(tables_.size());
    for (std::size_t t = 0; t < tables_.size(); ++t) {
      const auto& tab = tables_[t];
      double s = 0;
      for (const auto& p : tab.numeric) {
        const value& x = v[p.field];
        if (x.kind == value::missing) {
          r.status = pmml_status::missing;
          r.why = "field '" + fields_[p.field].name + "'";
          return;
        }
        s += p.coefficient * (p.exponent == 1 ? x.x : std::pow(x.x, p.exponent));
      }
      for (const auto& p : tab.categorical) {
        const value& x = v[p.field];
        if (x.kind == value::missing) continue;
        if (x.kind == value::number ? x.x == p.number : x.s == p.text) s += p.coefficient;
      }
      y[t] = s + tab.intercept;
    }
    if (kind_ == pmml_kind::regression) {
      r.value = logit_ ? 1.0 / (1.0 + std::exp(-y[0])) : y[0];
    } else {
      r.probabilities.assign(y.size(), 0.0);
      if (logit_) {
        r.probabilities[0] = 1.0 / (1.0 + std::exp(-y[0]));
        r.probabilities[1] = 1.0 - r.probabilities[0];
      } else {
        const double top = *std::max_element(y.begin(), y.end());
        double sum = 0;
        for (std::size_t k = 0; k < y.size(); ++k) sum += (r.probabilities[k] = std::exp(y[k] - top));
        for (auto& p : r.probabilities) p /= sum;
      }
      r.predicted = static_cast<std::size_t>(std::max_element(r.probabilities.begin(), r.probabilities.end()) -
                                             r.probabilities.begin());
      r.value = r.probabilities[r.predicted];
    }
    if (!std::isfinite(r.value)) {
      r.status = pmml_status::invalid;
      r.why = "the result is not a finite number";
    }
  }

  // --- parsing --------------------------------------------------------------------------

  struct context {
    std::string_view text;
    std::vector<std::size_t> line_starts;  // offsets where lines begin
    const pmml_limits* limits = nullptr;

    std::size_t line(const pugi::xml_node& n) const {
      const auto off = n.offset_debug();
      if (off < 0) return 0;
      return static_cast<std::size_t>(std::upper_bound(line_starts.begin(), line_starts.end(),
                                                       static_cast<std::size_t>(off)) -
                                      line_starts.begin());
    }
  };

  static std::string_view local(const pugi::xml_node& n) noexcept {
    std::string_view s = n.name();
    const auto colon = s.find(':');
    return colon == std::string_view::npos ? s : s.substr(colon + 1);
  }

  [[noreturn]] static void fail(const char* id, const context& cx, const pugi::xml_node& n, const std::string& what) {
    pmml_detail::fail(id, local(n), cx.line(n), what);
  }

  static std::optional<std::string_view> attr(const pugi::xml_node& n, const char* name) {
    const auto a = n.attribute(name);
    if (!a) return std::nullopt;
    return std::string_view(a.value());
  }
  static std::string_view required(const context& cx, const pugi::xml_node& n, const char* name) {
    const auto a = attr(n, name);
    if (!a) fail("credo.pmml.missing_attribute", cx, n, std::string("attribute '") + name + "' is required");
    return *a;
  }
  static double number_attr(const context& cx, const pugi::xml_node& n, const char* name, std::string_view s) {
    const auto v = pmml_detail::parse_number(s);
    if (!v)
      fail("credo.pmml.bad_number", cx, n, std::string("attribute '") + name + "' = '" +
                                               std::string(s.substr(0, 40)) + "' is not a finite number");
    return *v;
  }
  static std::optional<double> optional_number(const context& cx, const pugi::xml_node& n, const char* name) {
    const auto a = attr(n, name);
    if (!a) return std::nullopt;
    return number_attr(cx, n, name, *a);
  }
  static bool bool_attr(const context& cx, const pugi::xml_node& n, const char* name, bool def) {
    const auto a = attr(n, name);
    if (!a) return def;
    const auto s = pmml_detail::trim(*a);
    if (s == "true" || s == "1") return true;
    if (s == "false" || s == "0") return false;
    fail("credo.pmml.bad_value", cx, n, std::string("attribute '") + name + "' = '" + std::string(s) +
                                            "' is not true or false");
  }
  template <class E>
  static E choice(const context& cx, const pugi::xml_node& n, const char* name, E def,
                  std::initializer_list<std::pair<std::string_view, E>> known,
                  std::initializer_list<std::string_view> unsupported = {}) {
    const auto a = attr(n, name);
    if (!a) return def;
    const auto s = pmml_detail::trim(*a);
    for (const auto& [k, e] : known)
      if (s == k) return e;
    std::string list;
    for (const auto& [k, e] : known) list += (list.empty() ? "" : ", ") + std::string(k);
    for (const auto u : unsupported)
      if (s == u)
        fail("credo.pmml.unsupported", cx, n, std::string("attribute '") + name + "' = '" + std::string(s) +
                                                  "' is not supported (supported: " + list + ")");
    fail("credo.pmml.bad_value", cx, n, std::string("attribute '") + name + "' = '" + std::string(s) +
                                            "' is not one of " + list);
  }

  /// Refuses a child element that is not one of `allowed` (Extension is always allowed and
  /// ignored, as the specification lets a consumer do).
  static void only(const context& cx, const pugi::xml_node& n, std::initializer_list<std::string_view> allowed) {
    for (const auto& c : n.children()) {
      if (c.type() != pugi::node_element) continue;
      const auto name = local(c);
      if (name == "Extension") continue;
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
        fail("credo.pmml.unsupported", cx, c,
             "'" + std::string(name) + "' inside '" + std::string(local(n)) + "' is not supported by credo's PMML reader");
    }
  }

  static pugi::xml_node child(const pugi::xml_node& n, std::string_view name) {
    for (const auto& c : n.children())
      if (c.type() == pugi::node_element && local(c) == name) return c;
    return {};
  }

  void parse(std::string_view text, const pmml_limits& limits) {
    context cx;
    cx.text = text;
    cx.limits = &limits;
    cx.line_starts.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') cx.line_starts.push_back(i + 1);
    const auto line_of = [&](std::size_t off) {
      return static_cast<std::size_t>(std::upper_bound(cx.line_starts.begin(), cx.line_starts.end(), off) -
                                      cx.line_starts.begin());
    };
    if (text.size() > limits.max_file_bytes)
      CREDO_THROW(io_error, "credo.pmml.too_large", "the PMML text has " + std::to_string(text.size()) +
                                                        " bytes, more than the limit " + std::to_string(limits.max_file_bytes));
    // A document type declaration is where entities are declared (billion laughs, external
    // entities): PMML needs none, so any is refused before the parser sees the text.
    for (const std::string_view decl : {"<!DOCTYPE", "<!ENTITY", "<!doctype"})
      if (const auto at = text.find(decl); at != std::string_view::npos)
        CREDO_THROW(io_error, "credo.pmml.doctype", "line " + std::to_string(line_of(at)) +
                                                        ": a DOCTYPE or entity declaration; PMML needs none and credo refuses them");
    pugi::xml_document doc;
    // No DOCTYPE, no processing of anything but the predefined entities and character references.
    const unsigned options = pugi::parse_default & ~pugi::parse_doctype;
    const auto res = doc.load_buffer(text.data(), text.size(), options, pugi::encoding_utf8);
    if (!res)
      CREDO_THROW(io_error, "credo.pmml.parse_error",
                  "line " + std::to_string(line_of(static_cast<std::size_t>(std::max<std::ptrdiff_t>(res.offset, 0)))) +
                      ": not well-formed XML (" + res.description() + ")");
    check_shape(cx, doc);
    const auto root = doc.document_element();
    if (local(root) != "PMML") fail("credo.pmml.not_pmml", cx, root, "the root element is not PMML");
    version_ = std::string(pmml_detail::trim(required(cx, root, "version")));
    if (version_ != "4.1" && version_ != "4.2" && version_ != "4.3" && version_ != "4.4" && version_ != "4.4.1")
      fail("credo.pmml.unsupported", cx, root, "PMML version '" + version_ + "' (credo reads 4.1 to 4.4)");
    if (const auto ns = attr(root, "xmlns")) {
      const std::string_view s = *ns;
      if (s.rfind("http://www.dmg.org/PMML-4_", 0) != 0)
        fail("credo.pmml.not_pmml", cx, root, "namespace '" + std::string(s) + "' is not PMML's");
    }
    only(cx, root, {"Header", "MiningBuildTask", "DataDictionary", "TransformationDictionary", "Scorecard", "RegressionModel"});
    if (const auto td = child(root, "TransformationDictionary"))
      for (const auto& c : td.children())
        if (c.type() == pugi::node_element && local(c) != "Extension")
          fail("credo.pmml.unsupported", cx, c, "'" + std::string(local(c)) + "' in the TransformationDictionary "
                                                "(credo reads no derived fields or functions)");
    const auto dict = child(root, "DataDictionary");
    if (!dict) fail("credo.pmml.bad_model", cx, root, "no DataDictionary");
    std::vector<pmml_field> all = data_dictionary(cx, dict);
    pugi::xml_node model;
    for (const auto& c : root.children()) {
      const auto name = local(c);
      if (c.type() != pugi::node_element || (name != "Scorecard" && name != "RegressionModel")) continue;
      if (model) fail("credo.pmml.unsupported", cx, c, "a second model; credo reads files with one model");
      model = c;
    }
    if (!model) fail("credo.pmml.no_model", cx, root, "no Scorecard or RegressionModel");
    if (!bool_attr(cx, model, "isScorable", true))
      fail("credo.pmml.bad_model", cx, model, "isScorable=\"false\": the producer says the model is not for scoring");
    mining_schema(cx, model, all);
    if (local(model) == "Scorecard") parse_scorecard(cx, model);
    else parse_regression(cx, model);
  }

  /// Depth, element count and attribute sizes over the whole document, iteratively (no
  /// recursion on untrusted nesting).
  static void check_shape(const context& cx, const pugi::xml_document& doc) {
    std::size_t elements = 0;
    std::vector<std::pair<pugi::xml_node, std::size_t>> stack{{doc.document_element(), 1}};
    while (!stack.empty()) {
      auto [n, depth] = stack.back();
      stack.pop_back();
      if (depth > cx.limits->max_depth)
        fail("credo.pmml.too_deep", cx, n, "elements nested " + std::to_string(depth) + " deep, more than the limit " +
                                               std::to_string(cx.limits->max_depth));
      if (++elements > cx.limits->max_elements)
        fail("credo.pmml.too_large", cx, n, "more elements than the limit " + std::to_string(cx.limits->max_elements));
      for (const auto& a : n.attributes())
        if (std::string_view(a.value()).size() > cx.limits->max_attribute_bytes)
          fail("credo.pmml.too_large", cx, n, std::string("attribute '") + a.name() + "' is longer than the limit " +
                                                  std::to_string(cx.limits->max_attribute_bytes) + " bytes");
      for (const auto& c : n.children()) {
        if (c.type() == pugi::node_element) stack.emplace_back(c, depth + 1);
        else if ((c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) &&
                 std::string_view(c.value()).size() > cx.limits->max_attribute_bytes)
          fail("credo.pmml.too_large", cx, n, "text longer than the limit " +
                                                  std::to_string(cx.limits->max_attribute_bytes) + " bytes");
      }
    }
  }

  static std::vector<pmml_field> data_dictionary(const context& cx, const pugi::xml_node& dict) {
    only(cx, dict, {"DataField", "Taxonomy"});
    if (child(dict, "Taxonomy")) fail("credo.pmml.unsupported", cx, child(dict, "Taxonomy"), "Taxonomy is not supported");
    std::vector<pmml_field> all;
    for (const auto& d : dict.children()) {
      if (d.type() != pugi::node_element || local(d) != "DataField") continue;
      only(cx, d, {"Interval", "Value"});
      pmml_field f;
      f.name = std::string(required(cx, d, "name"));
      f.line = cx.line(d);
      for (const auto& g : all)
        if (g.name == f.name) fail("credo.pmml.bad_model", cx, d, "field '" + f.name + "' is defined twice");
      const auto type = pmml_detail::trim(required(cx, d, "dataType"));
      if (type == "string") f.numeric = false;
      else if (type == "integer") f.integer = true;
      else if (type != "double" && type != "float")
        fail("credo.pmml.unsupported", cx, d, "field '" + f.name + "': dataType '" + std::string(type) +
                                                  "' (credo reads string, integer, float and double)");
      f.optype = std::string(pmml_detail::trim(required(cx, d, "optype")));
      if (f.optype != "continuous" && f.optype != "categorical" && f.optype != "ordinal")
        fail("credo.pmml.bad_value", cx, d, "field '" + f.name + "': optype '" + f.optype + "'");
      if (!f.numeric && f.optype == "continuous")
        fail("credo.pmml.bad_model", cx, d, "field '" + f.name + "': a string field cannot be continuous");
      for (const auto& c : d.children()) {
        if (c.type() != pugi::node_element) continue;
        if (local(c) == "Interval") {
          if (!f.numeric) fail("credo.pmml.bad_model", cx, c, "an Interval on the string field '" + f.name + "'");
          pmml_field::interval iv;
          const auto closure = pmml_detail::trim(required(cx, c, "closure"));
          if (closure == "openClosed") iv.lo_closed = false;
          else if (closure == "closedOpen") iv.hi_closed = false;
          else if (closure == "openOpen") iv.lo_closed = iv.hi_closed = false;
          else if (closure != "closedClosed") fail("credo.pmml.bad_value", cx, c, "closure '" + std::string(closure) + "'");
          if (const auto lo = optional_number(cx, c, "leftMargin")) iv.lo = *lo;
          if (const auto hi = optional_number(cx, c, "rightMargin")) iv.hi = *hi;
          f.intervals.push_back(iv);
        } else if (local(c) == "Value") {
          only(cx, c, {});
          const std::string v(required(cx, c, "value"));
          const auto prop = pmml_detail::trim(attr(c, "property").value_or("valid"));
          auto& texts = prop == "valid" ? f.valid : prop == "invalid" ? f.invalid : f.missing;
          auto& nums = prop == "valid" ? f.valid_numbers : prop == "invalid" ? f.invalid_numbers : f.missing_numbers;
          if (prop != "valid" && prop != "invalid" && prop != "missing")
            fail("credo.pmml.bad_value", cx, c, "property '" + std::string(prop) + "'");
          texts.push_back(v);
          if (f.numeric) nums.push_back(number_attr(cx, c, "value", v));
        }
      }
      all.push_back(std::move(f));
    }
    return all;
  }

  void mining_schema(const context& cx, const pugi::xml_node& model, const std::vector<pmml_field>& all) {
    const auto ms = child(model, "MiningSchema");
    if (!ms) fail("credo.pmml.bad_model", cx, model, "no MiningSchema");
    only(cx, ms, {"MiningField"});
    for (const auto& m : ms.children()) {
      if (m.type() != pugi::node_element || local(m) != "MiningField") continue;
      const std::string name(required(cx, m, "name"));
      const auto it = std::find_if(all.begin(), all.end(), [&](const pmml_field& f) { return f.name == name; });
      if (it == all.end())
        fail("credo.pmml.unknown_field", cx, m, "field '" + name + "' is not in the DataDictionary (credo reads no "
                                                "TransformationDictionary or DerivedField)");
      enum class usage { active, target, supplementary };
      const auto u = choice(cx, m, "usageType", usage::active,
                            {{"active", usage::active}, {"target", usage::target}, {"predicted", usage::target},
                             {"supplementary", usage::supplementary}},
                            {"group", "order", "frequencyWeight", "analysisWeight"});
      if (u == usage::target) {
        if (!target_.empty()) fail("credo.pmml.unsupported", cx, m, "a second target field");
        target_ = name;
        target_field_ = *it;
        continue;
      }
      if (u == usage::supplementary) continue;
      for (const auto& f : fields_)
        if (f.name == name) fail("credo.pmml.bad_model", cx, m, "field '" + name + "' is in the MiningSchema twice");
      pmml_field f = *it;
      using mt = pmml_field::missing_treatment;
      using it_t = pmml_field::invalid_treatment;
      // asMean, asMode, asMedian and asValue say how missingValueReplacement was found; the
      // replacement is what is used (PMML 4.4 MiningSchema).
      f.on_missing = choice(cx, m, "missingValueTreatment", mt::as_is,
                            {{"asIs", mt::as_is}, {"asMean", mt::as_value}, {"asMode", mt::as_value},
                             {"asMedian", mt::as_value}, {"asValue", mt::as_value}, {"returnInvalid", mt::return_invalid}});
      f.on_invalid = choice(cx, m, "invalidValueTreatment", it_t::return_invalid,
                            {{"returnInvalid", it_t::return_invalid}, {"asIs", it_t::as_is},
                             {"asMissing", it_t::as_missing}, {"asValue", it_t::as_value}});
      if (const auto r = attr(m, "missingValueReplacement")) {
        f.missing_replacement = std::string(*r);
        if (f.numeric) f.missing_replacement_number = number_attr(cx, m, "missingValueReplacement", *r);
        if (f.on_missing == mt::return_invalid)
          fail("credo.pmml.bad_model", cx, m, "missingValueReplacement with missingValueTreatment=\"returnInvalid\"");
      }
      if (const auto r = attr(m, "invalidValueReplacement")) {
        f.invalid_replacement = std::string(*r);
        if (f.numeric) f.invalid_replacement_number = number_attr(cx, m, "invalidValueReplacement", *r);
      }
      if (f.on_invalid == it_t::as_value && !f.invalid_replacement)
        fail("credo.pmml.missing_attribute", cx, m, "invalidValueTreatment=\"asValue\" needs invalidValueReplacement");
      const auto outliers = pmml_detail::trim(attr(m, "outliers").value_or("asIs"));
      if (outliers != "asIs")
        fail("credo.pmml.unsupported", cx, m, "outliers='" + std::string(outliers) + "' (credo honours asIs only)");
      if (attr(m, "optype"))
        if (pmml_detail::trim(*attr(m, "optype")) != it->optype)
          fail("credo.pmml.unsupported", cx, m, "an optype other than the DataField's");
      fields_.push_back(std::move(f));
    }
    if (fields_.empty()) fail("credo.pmml.bad_model", cx, ms, "no active field");
  }

  std::size_t field_index(const context& cx, const pugi::xml_node& n, const char* attribute_name) const {
    const std::string name(required(cx, n, attribute_name));
    for (std::size_t i = 0; i < fields_.size(); ++i)
      if (fields_[i].name == name) return i;
    fail("credo.pmml.unknown_field", cx, n, "field '" + name + "' is not an active field of the MiningSchema");
  }

  /// The model's other children: Output fields credo writes are accepted; LocalTransformations,
  /// Targets and the rest are refused (they would change the result).
  void model_children(const context& cx, const pugi::xml_node& model, std::initializer_list<std::string_view> body) {
    for (const auto& c : model.children()) {
      if (c.type() != pugi::node_element) continue;
      const auto name = local(c);
      if (name == "Extension" || name == "MiningSchema" || name == "ModelStats" || name == "ModelExplanation" ||
          name == "ModelVerification")
        continue;
      if (name == "Output") {
        // Output fields do not change the model's result; credo writes the predicted value,
        // the probabilities and the reason codes, and computes no other output field
        // (transformedValue, decision, ...): they are read past, never evaluated.
        only(cx, c, {"OutputField"});
        continue;
      }
      if (std::find(body.begin(), body.end(), name) != body.end()) continue;
      fail("credo.pmml.unsupported", cx, c, "'" + std::string(name) + "' inside '" + std::string(local(model)) +
                                                "' is not supported by credo's PMML reader");
    }
  }

  pmml_detail::predicate parse_predicate(const context& cx, const pugi::xml_node& n, std::size_t depth) const {
    using namespace pmml_detail;
    if (depth > cx.limits->max_expression_depth)
      fail("credo.pmml.too_deep", cx, n, "predicates nested deeper than the limit " +
                                             std::to_string(cx.limits->max_expression_depth));
    predicate p;
    p.line = cx.line(n);
    const auto name = local(n);
    if (name == "True" || name == "False") {
      only(cx, n, {});
      p.kind = name == "True" ? pred_kind::always : pred_kind::never;
    } else if (name == "SimplePredicate") {
      only(cx, n, {});
      p.kind = pred_kind::simple;
      p.field = field_index(cx, n, "field");
      p.op = choice(cx, n, "operator", simple_op::eq,
                    {{"equal", simple_op::eq}, {"notEqual", simple_op::ne}, {"lessThan", simple_op::lt},
                     {"lessOrEqual", simple_op::le}, {"greaterThan", simple_op::gt},
                     {"greaterOrEqual", simple_op::ge}, {"isMissing", simple_op::is_missing},
                     {"isNotMissing", simple_op::is_not_missing}});
      if (!attr(n, "operator")) required(cx, n, "operator");
      const auto& f = fields_[p.field];
      if (p.op != simple_op::is_missing && p.op != simple_op::is_not_missing) {
        const auto v = required(cx, n, "value");
        if (f.numeric) p.number = number_attr(cx, n, "value", v);
        else p.text = std::string(v);
        if (!f.numeric && p.op != simple_op::eq && p.op != simple_op::ne)
          fail("credo.pmml.unsupported", cx, n, "an order comparison on the string field '" + f.name +
                                                    "' (credo compares strings for equality only)");
      }
    } else if (name == "SimpleSetPredicate") {
      only(cx, n, {"Array"});
      p.kind = pred_kind::set;
      p.field = field_index(cx, n, "field");
      p.is_in = choice(cx, n, "booleanOperator", true, {{"isIn", true}, {"isNotIn", false}});
      if (!attr(n, "booleanOperator")) required(cx, n, "booleanOperator");
      const auto arr = child(n, "Array");
      if (!arr) fail("credo.pmml.bad_model", cx, n, "no Array");
      auto items = array_items(cx, arr);
      const auto& f = fields_[p.field];
      const auto type = pmml_detail::trim(required(cx, arr, "type"));
      if (type != "string" && type != "int" && type != "real")
        fail("credo.pmml.bad_value", cx, arr, "Array type '" + std::string(type) + "'");
      if (f.numeric) {
        for (const auto& s : items) {
          const auto v = parse_number(s);
          if (!v) fail("credo.pmml.bad_number", cx, arr, "'" + s.substr(0, 40) + "' is not a finite number");
          p.numbers.push_back(*v);
        }
      } else {
        p.texts = std::move(items);
      }
    } else if (name == "CompoundPredicate") {
      p.kind = pred_kind::compound;
      p.combine = choice(cx, n, "booleanOperator", bool_op::and_,
                         {{"and", bool_op::and_}, {"or", bool_op::or_}, {"xor", bool_op::xor_},
                          {"surrogate", bool_op::surrogate}});
      if (!attr(n, "booleanOperator")) required(cx, n, "booleanOperator");
      for (const auto& c : n.children()) {
        if (c.type() != pugi::node_element || local(c) == "Extension") continue;
        p.children.push_back(parse_predicate(cx, c, depth + 1));
      }
      if (p.children.size() < 2) fail("credo.pmml.bad_model", cx, n, "a CompoundPredicate needs at least two predicates");
    } else {
      fail("credo.pmml.unsupported", cx, n, "'" + std::string(name) + "' is not a predicate credo evaluates");
    }
    return p;
  }

  /// The items of an Array: whitespace-separated, a string item may be quoted ("a b", with
  /// \" for a quote inside). Checks n when it is given.
  static std::vector<std::string> array_items(const context& cx, const pugi::xml_node& arr) {
    only(cx, arr, {});
    const std::string_view s = arr.child_value();
    std::vector<std::string> items;
    std::size_t i = 0;
    const auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (i < s.size()) {
      if (ws(s[i])) { ++i; continue; }
      std::string item;
      if (s[i] == '"') {
        ++i;
        bool closed = false;
        while (i < s.size()) {
          if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '"') { item += '"'; i += 2; continue; }
          if (s[i] == '"') { closed = true; ++i; break; }
          item += s[i++];
        }
        if (!closed) fail("credo.pmml.bad_value", cx, arr, "an unterminated quoted item");
      } else {
        while (i < s.size() && !ws(s[i])) item += s[i++];
      }
      items.push_back(std::move(item));
    }
    if (const auto n = attr(arr, "n")) {
      const auto v = pmml_detail::parse_number(*n);
      if (!v || *v != static_cast<double>(items.size()))
        fail("credo.pmml.bad_model", cx, arr, "n = '" + std::string(*n) + "' but the Array has " +
                                                  std::to_string(items.size()) + " items");
    }
    return items;
  }

  pmml_detail::expression parse_expression(const context& cx, const pugi::xml_node& n, std::size_t depth) const {
    using namespace pmml_detail;
    if (depth > cx.limits->max_expression_depth)
      fail("credo.pmml.too_deep", cx, n, "expressions nested deeper than the limit " +
                                             std::to_string(cx.limits->max_expression_depth));
    expression e;
    e.line = cx.line(n);
    const auto name = local(n);
    if (name == "Constant") {
      only(cx, n, {});
      e.kind = expr_kind::constant;
      if (const auto t = attr(n, "dataType")) {
        const auto type = trim(*t);
        if (type != "double" && type != "float" && type != "integer")
          fail("credo.pmml.unsupported", cx, n, "a Constant of dataType '" + std::string(type) + "' (credo computes numbers)");
      }
      e.constant_missing = bool_attr(cx, n, "missing", false);
      if (!e.constant_missing) e.constant = number_attr(cx, n, "(text)", n.child_value());
    } else if (name == "FieldRef") {
      only(cx, n, {});
      e.kind = expr_kind::field_ref;
      e.field = field_index(cx, n, "field");
      if (!fields_[e.field].numeric)
        fail("credo.pmml.unsupported", cx, n, "a FieldRef to the string field '" + fields_[e.field].name +
                                                  "' in arithmetic");
      e.map_missing_to = optional_number(cx, n, "mapMissingTo");
    } else if (name == "Apply") {
      e.kind = expr_kind::apply;
      const auto f = trim(required(cx, n, "function"));
      struct known { std::string_view name; fn f; std::size_t lo, hi; };
      static constexpr known table[] = {
          {"+", fn::add, 2, 2},        {"-", fn::sub, 2, 2},         {"*", fn::mul, 2, 2},
          {"/", fn::div, 2, 2},        {"min", fn::min, 1, 1u << 20}, {"max", fn::max, 1, 1u << 20},
          {"sum", fn::sum, 1, 1u << 20}, {"avg", fn::avg, 1, 1u << 20}, {"product", fn::product, 1, 1u << 20},
          {"log10", fn::log10, 1, 1},  {"ln", fn::ln, 1, 1},         {"sqrt", fn::sqrt, 1, 1},
          {"abs", fn::abs, 1, 1},      {"exp", fn::exp, 1, 1},       {"pow", fn::pow, 2, 2},
          {"threshold", fn::threshold, 2, 2}, {"floor", fn::floor, 1, 1}, {"ceil", fn::ceil, 1, 1}};
      const known* k = nullptr;
      for (const auto& t : table)
        if (t.name == f) k = &t;
      if (!k) fail("credo.pmml.unsupported", cx, n, "function '" + std::string(f) + "' (credo computes + - * / min max "
                                                        "sum avg product log10 ln sqrt abs exp pow threshold floor ceil)");
      e.function = k->f;
      e.map_missing_to = optional_number(cx, n, "mapMissingTo");
      e.default_value = optional_number(cx, n, "defaultValue");
      const auto ivt = trim(attr(n, "invalidValueTreatment").value_or("returnInvalid"));
      if (ivt == "asMissing") e.invalid_as_missing = true;
      else if (ivt == "asIs") fail("credo.pmml.unsupported", cx, n, "invalidValueTreatment=\"asIs\" on Apply (the result would be NaN)");
      else if (ivt != "returnInvalid") fail("credo.pmml.bad_value", cx, n, "invalidValueTreatment '" + std::string(ivt) + "'");
      for (const auto& c : n.children()) {
        if (c.type() != pugi::node_element || local(c) == "Extension") continue;
        e.args.push_back(parse_expression(cx, c, depth + 1));
      }
      if (e.args.size() < k->lo || e.args.size() > k->hi)
        fail("credo.pmml.bad_model", cx, n, "function '" + std::string(f) + "' with " + std::to_string(e.args.size()) +
                                                " arguments");
    } else {
      fail("credo.pmml.unsupported", cx, n, "'" + std::string(name) + "' is not an expression credo computes "
                                            "(Constant, FieldRef, Apply)");
    }
    return e;
  }

  void parse_scorecard(const context& cx, const pugi::xml_node& sc) {
    kind_ = pmml_kind::scorecard;
    model_children(cx, sc, {"Characteristics"});
    const auto fn_name = pmml_detail::trim(required(cx, sc, "functionName"));
    if (fn_name != "regression")
      fail("credo.pmml.unsupported", cx, sc, "functionName '" + std::string(fn_name) + "' (a Scorecard is a regression)");
    initial_score_ = optional_number(cx, sc, "initialScore").value_or(0.0);
    use_reasons_ = bool_attr(cx, sc, "useReasonCodes", true);
    points_below_ = choice(cx, sc, "reasonCodeAlgorithm", true, {{"pointsBelow", true}, {"pointsAbove", false}});
    baseline_method_ = std::string(pmml_detail::trim(attr(sc, "baselineMethod").value_or("other")));
    if (baseline_method_ != "max" && baseline_method_ != "min" && baseline_method_ != "mean" &&
        baseline_method_ != "neutral" && baseline_method_ != "other")
      fail("credo.pmml.bad_value", cx, sc, "baselineMethod '" + baseline_method_ + "'");
    const auto card_baseline = optional_number(cx, sc, "baselineScore");
    for (const auto& e : sc.children())
      if (e.type() == pugi::node_element && local(e) == "Extension" && std::string_view(e.attribute("extender").value()) == "credo")
        extensions_.emplace_back(e.attribute("name").value(), e.attribute("value").value());
    const auto chars = child(sc, "Characteristics");
    if (!chars) fail("credo.pmml.bad_model", cx, sc, "no Characteristics");
    only(cx, chars, {"Characteristic"});
    for (const auto& c : chars.children()) {
      if (c.type() != pugi::node_element || local(c) != "Characteristic") continue;
      only(cx, c, {"Attribute"});
      pmml_detail::characteristic ch;
      ch.line = cx.line(c);
      ch.name = std::string(attr(c, "name").value_or(""));
      if (ch.name.empty()) ch.name = "#" + std::to_string(chars_.size() + 1);
      ch.reason_code = std::string(attr(c, "reasonCode").value_or(""));
      const auto baseline = optional_number(cx, c, "baselineScore");
      // The baseline of a characteristic: its own baselineScore, else the Scorecard's
      // (baselineMethod only says how the producer found it).
      if (use_reasons_ && !baseline && !card_baseline)
        fail("credo.pmml.missing_attribute", cx, c, "useReasonCodes needs a baselineScore on the Characteristic or the Scorecard");
      ch.baseline = baseline ? *baseline : card_baseline.value_or(0.0);
      for (const auto& a : c.children()) {
        if (a.type() != pugi::node_element || local(a) != "Attribute") continue;
        pmml_detail::attribute at;
        at.line = cx.line(a);
        at.reason_code = std::string(attr(a, "reasonCode").value_or(ch.reason_code));
        if (use_reasons_ && at.reason_code.empty())
          fail("credo.pmml.missing_attribute", cx, a, "useReasonCodes needs a reasonCode on the Attribute or its Characteristic");
        at.partial = optional_number(cx, a, "partialScore");
        pugi::xml_node pred;
        for (const auto& e : a.children()) {
          if (e.type() != pugi::node_element || local(e) == "Extension") continue;
          if (local(e) == "ComplexPartialScore") {
            only(cx, e, {"Constant", "FieldRef", "Apply"});
            pugi::xml_node x;
            for (const auto& k : e.children())
              if (k.type() == pugi::node_element && local(k) != "Extension") {
                if (x) fail("credo.pmml.bad_model", cx, k, "a ComplexPartialScore holds one expression");
                x = k;
              }
            if (!x) fail("credo.pmml.bad_model", cx, e, "an empty ComplexPartialScore");
            at.complex = parse_expression(cx, x, 1);
            at.complex_line = cx.line(e);
          } else {
            if (pred) fail("credo.pmml.bad_model", cx, e, "an Attribute holds one predicate");
            pred = e;
          }
        }
        if (!pred) fail("credo.pmml.bad_model", cx, a, "an Attribute without a predicate");
        at.when = parse_predicate(cx, pred, 1);
        if (!at.partial && !at.complex)
          fail("credo.pmml.missing_attribute", cx, a, "an Attribute needs partialScore or a ComplexPartialScore");
        ch.attributes.push_back(std::move(at));
      }
      if (ch.attributes.empty()) fail("credo.pmml.bad_model", cx, c, "a Characteristic without Attributes");
      chars_.push_back(std::move(ch));
    }
    if (chars_.empty()) fail("credo.pmml.bad_model", cx, chars, "no Characteristic");
  }

  void parse_regression(const context& cx, const pugi::xml_node& rm) {
    model_children(cx, rm, {"RegressionTable"});
    const auto fn_name = pmml_detail::trim(required(cx, rm, "functionName"));
    const bool classification = fn_name == "classification";
    if (!classification && fn_name != "regression")
      fail("credo.pmml.bad_value", cx, rm, "functionName '" + std::string(fn_name) + "'");
    kind_ = classification ? pmml_kind::classification : pmml_kind::regression;
    const auto norm = pmml_detail::trim(attr(rm, "normalizationMethod").value_or("none"));
    if (classification ? norm != "softmax" && norm != "logit" : norm != "none" && norm != "logit")
      fail("credo.pmml.unsupported", cx, rm, "normalizationMethod '" + std::string(norm) + "' for " +
                                                 std::string(fn_name) + " (credo: " +
                                                 (classification ? "softmax, logit" : "none, logit") + ")");
    logit_ = norm == "logit";
    for (const auto& t : rm.children()) {
      if (t.type() != pugi::node_element || local(t) != "RegressionTable") continue;
      only(cx, t, {"NumericPredictor", "CategoricalPredictor"});
      pmml_detail::regression_table tab;
      tab.line = cx.line(t);
      tab.intercept = number_attr(cx, t, "intercept", required(cx, t, "intercept"));
      if (classification) tab.category = std::string(required(cx, t, "targetCategory"));
      for (const auto& p : t.children()) {
        if (p.type() != pugi::node_element) continue;
        if (local(p) == "NumericPredictor") {
          only(cx, p, {});
          pmml_detail::numeric_predictor np;
          np.field = field_index(cx, p, "name");
          if (!fields_[np.field].numeric)
            fail("credo.pmml.bad_model", cx, p, "a NumericPredictor on the string field '" + fields_[np.field].name + "'");
          np.coefficient = number_attr(cx, p, "coefficient", required(cx, p, "coefficient"));
          const double e = optional_number(cx, p, "exponent").value_or(1.0);
          if (e != std::floor(e) || std::fabs(e) > 1000) fail("credo.pmml.bad_value", cx, p, "exponent is not a whole number");
          np.exponent = static_cast<int>(e);
          tab.numeric.push_back(np);
        } else if (local(p) == "CategoricalPredictor") {
          only(cx, p, {});
          pmml_detail::categorical_predictor cp;
          cp.field = field_index(cx, p, "name");
          const auto v = required(cx, p, "value");
          cp.text = std::string(v);
          if (fields_[cp.field].numeric) cp.number = number_attr(cx, p, "value", v);
          cp.coefficient = number_attr(cx, p, "coefficient", required(cx, p, "coefficient"));
          tab.categorical.push_back(std::move(cp));
        }
      }
      tables_.push_back(std::move(tab));
    }
    if (classification) {
      if (tables_.size() < 2)
        fail("credo.pmml.bad_model", cx, rm, "classification needs a RegressionTable per category (at least two)");
      if (logit_ && tables_.size() != 2)
        fail("credo.pmml.unsupported", cx, rm, "logit over " + std::to_string(tables_.size()) +
                                                   " categories (credo: logit for two categories, softmax for any)");
      for (std::size_t i = 0; i < tables_.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j)
          if (tables_[j].category == tables_[i].category)
            fail("credo.pmml.bad_model", cx, rm, "targetCategory '" + tables_[i].category + "' is given twice");
        categories_.push_back(tables_[i].category);
      }
    } else if (tables_.size() != 1) {
      fail("credo.pmml.bad_model", cx, rm, "regression needs exactly one RegressionTable, got " + std::to_string(tables_.size()));
    }
  }

  pmml_kind kind_ = pmml_kind::scorecard;
  std::string version_;
  std::vector<pmml_field> fields_;
  std::string target_;
  std::optional<pmml_field> target_field_;
  std::vector<std::string> categories_;
  // Scorecard.
  bool use_reasons_ = true, points_below_ = true;
  double initial_score_ = 0;
  std::string baseline_method_ = "other";
  std::vector<pmml_detail::characteristic> chars_;
  std::vector<std::pair<std::string, std::string>> extensions_;
  // RegressionModel.
  bool logit_ = false;
  std::vector<pmml_detail::regression_table> tables_;
};

// --- conversion to credo's card ------------------------------------------------------------

namespace pmml_detail {

[[noreturn]] inline void not_representable(std::size_t line, std::string_view element, const std::string& what) {
  fail("credo.pmml.not_representable", element, line, what + "; score the PMML file directly (credo score card.pmml DATA)");
}

/// One numeric interval [lo, hi) a predicate stands for, when it is one credo's bins have:
/// lessThan c, greaterOrEqual c, and(greaterOrEqual a, lessThan b).
inline bool interval_of(const predicate& p, std::size_t field, double& lo, double& hi) {
  const double inf = std::numeric_limits<double>::infinity();
  if (p.kind == pred_kind::simple && p.field == field && (p.op == simple_op::lt || p.op == simple_op::ge)) {
    lo = p.op == simple_op::ge ? p.number : -inf;
    hi = p.op == simple_op::lt ? p.number : inf;
    return true;
  }
  if (p.kind == pred_kind::compound && p.combine == bool_op::and_ && p.children.size() == 2) {
    const auto& a = p.children[0];
    const auto& b = p.children[1];
    const auto is = [&](const predicate& x, simple_op op) {
      return x.kind == pred_kind::simple && x.field == field && x.op == op;
    };
    if (is(a, simple_op::ge) && is(b, simple_op::lt)) { lo = a.number; hi = b.number; return lo < hi; }
    if (is(a, simple_op::lt) && is(b, simple_op::ge)) { lo = b.number; hi = a.number; return lo < hi; }
  }
  return false;
}

/// The one field a predicate reads (npos for True/False, or when it reads several).
inline std::size_t field_of(const predicate& p) {
  constexpr std::size_t none = static_cast<std::size_t>(-1), many = static_cast<std::size_t>(-2);
  if (p.kind == pred_kind::simple || p.kind == pred_kind::set) return p.field;
  if (p.kind != pred_kind::compound) return none;
  std::size_t f = none;
  for (const auto& c : p.children) {
    const std::size_t g = field_of(c);
    if (g == many) return many;
    if (g == none) continue;
    if (f != none && f != g) return many;
    f = g;
  }
  return f;
}

}  // namespace pmml_detail

/// The PMML scorecard as a credo card that scores every row bit for bit as the PMML does
/// (docs/interop.md, "Import"), or credo.pmml.not_representable naming the element and line
/// of what credo's card cannot hold. The card: one characteristic per Characteristic, named
/// after its field; bins from the Attributes (numeric: right-open intervals, equal for special
/// values, isMissing for the missing bin; string: equal, isIn or an or of equals per group,
/// False for an empty group, isMissing, a last True for labels in no group); the reason
/// baselines given from the baselineScores. The points are the partial scores exactly: with
/// credo's Extensions (a card credo exported: pdo, base_score, base_odds) and whole points,
/// WoE = points / Factor under that scaling and nearest rounding, so the card keeps its PD too;
/// otherwise rounding none, PDO ln 2 (Factor = 1), base odds 1, WoE = the partial score,
/// coefficient −1 and the initialScore as base points. Either way the points are checked
/// against the partial scores before the card is returned.
inline model::scorecard<double> to_scorecard(const pmml_model& m) {
  using namespace pmml_detail;
  if (m.kind() != pmml_kind::scorecard)
    not_representable(0, "RegressionModel", "credo's model file holds scorecards");
  if (m.uses_reason_codes() && !m.points_below())
    not_representable(0, "Scorecard", "reasonCodeAlgorithm=\"pointsAbove\" (credo ranks points below the baseline)");
  constexpr std::size_t none = static_cast<std::size_t>(-1), many = static_cast<std::size_t>(-2);
  const double inf = std::numeric_limits<double>::infinity();
  // What a value gets: the points of an attribute (its index), or an invalid result.
  struct outcome {
    bool invalid = true;
    double points = 0;
    std::size_t from = none;
  };
  std::vector<model::characteristic_spec> specs;
  std::vector<double> baselines;
  std::vector<bool> scores_missing;
  std::vector<std::string> codes;
  for (const auto& c : m.characteristics()) {
    std::size_t field = none;
    for (const auto& a : c.attributes) {
      const std::size_t g = field_of(a.when);
      if (g == many || (g != none && field != none && g != field))
        not_representable(a.line, "Attribute", "Characteristic '" + c.name + "' reads more than one field");
      if (g != none) field = g;
      if (a.complex) not_representable(a.complex_line, "ComplexPartialScore", "points computed from the input");
      if (m.uses_reason_codes() && a.reason_code != c.reason_code)
        not_representable(a.line, "Attribute", "a reasonCode per Attribute (credo gives reasons per characteristic)");
    }
    if (field == none) not_representable(c.line, "Characteristic", "Characteristic '" + c.name + "' reads no field");
    const pmml_field& f = m.fields()[field];
    for (const auto& s : specs)
      if (s.name == f.name) not_representable(c.line, "Characteristic", "two Characteristics read the field '" + f.name + "'");
    // What credo's card cannot mirror of the field's treatments: replacements, invalid
    // lists, a missing list other than the empty label, numeric restrictions.
    const bool only_empty_missing = std::all_of(f.missing.begin(), f.missing.end(), [](const std::string& s) { return s.empty(); });
    if (f.missing_replacement || f.on_invalid == pmml_field::invalid_treatment::as_value || !f.invalid.empty() ||
        !only_empty_missing || (f.numeric && f.restricted()))
      not_representable(f.line, "DataField", "field '" + f.name + "': replacement values, invalid or missing value lists, "
                                             "or valid values of a numeric field");
    if (f.numeric && f.optype != "continuous")
      not_representable(f.line, "DataField", "the numeric field '" + f.name + "' is not continuous");
    if (f.integer && f.on_invalid != pmml_field::invalid_treatment::as_is)
      not_representable(f.line, "DataField", "the integer field '" + f.name + "' makes a fraction invalid");
    if (m.uses_reason_codes())
      for (const auto& k : codes)
        if (k == c.reason_code)
          not_representable(c.line, "Characteristic", "reasonCode '" + c.reason_code + "' is shared (PMML sums it)");
    codes.push_back(c.reason_code);

    // Missing values: invalid under missingValueTreatment="returnInvalid", else the first of
    // isMissing and a last True (UNKNOWN for every other predicate).
    outcome on_missing, catch_all;
    std::vector<double> points;  // regular bins, then specials
    model::characteristic_spec s;
    s.name = f.name;
    s.coefficient = -1;
    const auto take_missing = [&](std::size_t i) {
      if (on_missing.from == none) on_missing = outcome{false, *c.attributes[i].partial, i};
    };
    if (f.numeric) {
      std::vector<double> cuts, specials, special_points, interval_points;
      double next = -inf;  // where the next interval must begin
      for (std::size_t i = 0; i < c.attributes.size(); ++i) {
        const auto& a = c.attributes[i];
        const auto& p = a.when;
        double lo = 0, hi = 0;
        if (p.kind == pred_kind::simple && p.op == simple_op::is_missing) {
          take_missing(i);
        } else if (p.kind == pred_kind::simple && p.op == simple_op::eq) {
          if (!interval_points.empty()) not_representable(a.line, "Attribute", "a value after an interval that may hold it");
          if (std::find(specials.begin(), specials.end(), p.number) != specials.end())
            not_representable(a.line, "Attribute", "the value " + credo::detail::format_shortest(p.number) + " twice");
          specials.push_back(p.number);
          special_points.push_back(*a.partial);
        } else if (interval_of(p, field, lo, hi)) {
          if (next == inf || lo != next)
            not_representable(a.line, "Attribute", "intervals that are not [c_i, c_i+1) in order from -inf to +inf");
          if (lo != -inf) cuts.push_back(lo);
          interval_points.push_back(*a.partial);
          next = hi;
        } else if (p.kind == pred_kind::always && i + 1 == c.attributes.size()) {
          catch_all = outcome{false, *a.partial, i};
        } else {
          not_representable(a.line, "Attribute", "a predicate that is not an interval, a value or isMissing");
        }
      }
      if (interval_points.empty() && catch_all.from != none) {
        interval_points.push_back(catch_all.points);  // True after no interval: (-inf, inf)
        next = inf;
      }
      if (next != inf) not_representable(c.line, "Characteristic", "intervals that do not reach +inf");
      if (catch_all.from != none) take_missing(catch_all.from);  // True: reached by missing values only
      try {
        s.bins = binning::bins::numeric(cuts, specials, f.name);
      } catch (const invalid_input& e) {
        not_representable(c.line, "Characteristic", e.what());
      }
      points = interval_points;
      points.insert(points.end(), special_points.begin(), special_points.end());
    } else {
      std::vector<std::vector<std::string>> groups;
      std::vector<std::string> seen;
      for (std::size_t i = 0; i < c.attributes.size(); ++i) {
        const auto& a = c.attributes[i];
        const auto& p = a.when;
        std::vector<std::string> labels;
        const auto is_equal = [&](const predicate& x) { return x.kind == pred_kind::simple && x.op == simple_op::eq; };
        if (p.kind == pred_kind::simple && p.op == simple_op::is_missing) {
          take_missing(i);
          continue;
        } else if (is_equal(p)) {
          labels.push_back(p.text);
        } else if (p.kind == pred_kind::set && p.is_in) {
          labels = p.texts;
        } else if (p.kind == pred_kind::compound && p.combine == bool_op::or_ &&
                   std::all_of(p.children.begin(), p.children.end(), is_equal)) {
          for (const auto& x : p.children) labels.push_back(x.text);
        } else if (p.kind == pred_kind::never) {
          // an empty group: matches nothing
        } else if (p.kind == pred_kind::always && i + 1 == c.attributes.size()) {
          catch_all = outcome{false, *a.partial, i};
          continue;
        } else {
          not_representable(a.line, "Attribute", "a predicate that is not equal, isIn, or of equals, False, isMissing or a last True");
        }
        for (const auto& l : labels) {
          if (l.empty()) not_representable(a.line, "Attribute", "the empty label (credo reads it as missing)");
          if (std::find(seen.begin(), seen.end(), l) != seen.end())
            not_representable(a.line, "Attribute", "the label '" + l + "' in two Attributes");
          seen.push_back(l);
        }
        groups.push_back(std::move(labels));
        points.push_back(*a.partial);
      }
      if (catch_all.from != none) take_missing(catch_all.from);
      // A label in no group: with a list of valid labels (which must then be the grouped
      // labels, else a valid label could reach the True or an invalid one score its group) it
      // is invalid and treated by invalidValueTreatment; without one, it reaches the True.
      outcome unseen = catch_all;
      if (!f.valid.empty()) {
        std::vector<std::string> valid;
        for (const auto& v : f.valid)
          if (!v.empty()) valid.push_back(v);
        std::vector<std::string> grouped = seen;
        std::sort(valid.begin(), valid.end());
        valid.erase(std::unique(valid.begin(), valid.end()), valid.end());
        std::sort(grouped.begin(), grouped.end());
        if (valid != grouped)
          not_representable(f.line, "DataField", "the valid values of '" + f.name + "' are not the labels of its Attributes");
        switch (f.on_invalid) {
          case pmml_field::invalid_treatment::return_invalid: unseen = outcome{}; break;
          case pmml_field::invalid_treatment::as_missing: unseen = f.on_missing == pmml_field::missing_treatment::as_is ? on_missing : outcome{}; break;
          default: break;  // asIs: the label as it is
        }
      }
      if (f.on_missing == pmml_field::missing_treatment::return_invalid) {
        on_missing = outcome{};
        if (f.on_invalid == pmml_field::invalid_treatment::as_missing && !f.valid.empty()) unseen = outcome{};
      }
      // credo: missing values to the missing bin, unseen labels to the missing bin or to a
      // group of their own (an empty group that the unseen fallback resolves to).
      bool own_group = false;
      if (unseen.invalid) {
        if (!on_missing.invalid)
          not_representable(c.line, "Characteristic", "a label in no Attribute is invalid in PMML while a missing value "
                                                      "scores; credo would score the label as missing");
      } else if (on_missing.invalid || unseen.from != on_missing.from) {
        groups.emplace_back();
        points.push_back(unseen.points);
        own_group = true;
      }
      try {
        s.bins = binning::bins::categorical(groups, own_group ? binning::unseen_category::largest_bin
                                                             : binning::unseen_category::missing_bin, f.name);
      } catch (const invalid_input& e) {
        not_representable(c.line, "Characteristic", e.what());
      }
      if (own_group) {
        std::vector<double> rows(s.bins.size(), 0.0);
        rows[groups.size() - 1] = 1.0;
        s.bins.resolve_unseen(rows, rows);
      }
    }
    if (f.numeric && f.on_missing == pmml_field::missing_treatment::return_invalid) on_missing = outcome{};
    scores_missing.push_back(!on_missing.invalid);
    points.push_back(on_missing.invalid ? 0.0 : on_missing.points);
    s.woe = points;  // the points, turned into WoE below
    specs.push_back(std::move(s));
    baselines.push_back(c.baseline);
  }
  // An active field no characteristic reads still has its treatments (a missing or invalid
  // value can make the PMML result invalid); credo's card would not read it.
  for (const auto& f : m.fields())
    if (std::none_of(specs.begin(), specs.end(), [&](const model::characteristic_spec& s) { return s.name == f.name; }))
      not_representable(f.line, "DataField", "the active field '" + f.name + "' is read by no Characteristic");
  for (std::size_t j = 1; j < scores_missing.size(); ++j)
    if (scores_missing[j] != scores_missing[0])
      not_representable(m.characteristics()[j].line, "Characteristic",
                        "some Characteristics score a missing value and others make it invalid (credo's missing "
                        "policy is one for the card)");
  model::scorecard_options o;
  o.intercept = model::intercept_points::separate;
  o.missing = scores_missing[0] ? model::missing_action::own_bin : model::missing_action::error;
  if (m.uses_reason_codes()) {
    o.reasons.baseline = model::baseline_method::given;
    o.reasons.given = baselines;
    if (const auto k = m.extension("max_reasons"))
      if (const auto v = parse_number(*k); v && *v >= 0 && *v <= 1000 && *v == std::floor(*v))
        o.reasons.max_reasons = static_cast<std::size_t>(*v);
  } else {
    o.reasons.max_reasons = 0;
  }
  const auto exact = [&](const model::scorecard<double>& card) {
    for (std::size_t j = 0; j < card.size(); ++j)
      for (std::size_t b = 0; b < card.points(j).size(); ++b)
        if (!(card.points(j)[b] == specs[j].woe[b])) return false;
    return card.base_points() == m.initial_score();
  };
  // A card credo exported: its own scaling, so that its PD survives too. Whole points come
  // back through nearest rounding of WoE = points / Factor; other points through rounding
  // none, each WoE (and the intercept) the double nearest points / Factor for which credo's
  // own arithmetic, −(−1 · WoE) · Factor (Offset − intercept · Factor), gives the points
  // exactly, when there is one.
  const auto pdo = m.extension("pdo"), base_score = m.extension("base_score"), base_odds = m.extension("base_odds");
  bool whole = m.initial_score() == std::floor(m.initial_score());
  for (const auto& s : specs)
    for (double p : s.woe) whole = whole && p == std::floor(p) && std::fabs(p) < 1e15;
  const auto a = pdo ? parse_number(*pdo) : std::nullopt, b = base_score ? parse_number(*base_score) : std::nullopt,
             c = base_odds ? parse_number(*base_odds) : std::nullopt;
  if (a && b && c && *a > 0 && *c > 0) {
    model::scorecard_options scaled = o;
    scaled.pdo = *a;
    scaled.base_score = *b;
    scaled.base_odds = *c;
    scaled.rounding = whole ? model::rounding_method::nearest : model::rounding_method::none;
    const double factor = scaled.factor(), offset = scaled.offset();
    // The double x near `start` with f(x) == want, searched a few steps either side.
    const auto solve = [](double start, double want, auto f) -> std::optional<double> {
      double up = start, down = start;
      for (int k = 0; k < 64; ++k) {
        if (f(up) == want) return up;
        if (f(down) == want) return down;
        up = std::nextafter(up, std::numeric_limits<double>::infinity());
        down = std::nextafter(down, -std::numeric_limits<double>::infinity());
      }
      return std::nullopt;
    };
    auto woe = specs;
    bool found = std::isfinite(factor) && std::isfinite(offset);
    for (auto& s : woe)
      for (auto& w : s.woe) {
        if (!found) break;
        const double want = w;
        const auto x = whole ? std::optional<double>(want / factor)
                             : solve(want / factor, want, [&](double v) { return -(-1.0 * v) * factor; });
        found = x.has_value();
        if (found) w = *x;
      }
    const auto intercept = whole ? std::optional<double>((offset - m.initial_score()) / factor)
                                 : solve((offset - m.initial_score()) / factor, m.initial_score(),
                                         [&](double v) { return offset - v * factor; });
    if (found && intercept) {
      try {
        model::scorecard<double> card(std::move(woe), *intercept, scaled);
        if (exact(card)) return card;
      } catch (const invalid_input&) {
      }
    }
  }
  o.pdo = std::log(2.0);  // Factor = PDO / ln 2 = 1 exactly
  o.base_odds = 1;        // Offset = BaseScore − Factor · ln 1 = BaseScore
  o.base_score = m.initial_score();
  o.rounding = model::rounding_method::none;
  model::scorecard<double> card(specs, 0.0, o);  // points = −(−1 · WoE) · 1: the partial scores
  if (!exact(card)) not_representable(0, "Scorecard", "a partial score does not survive as points");
  return card;
}

}  // namespace credo::interop
