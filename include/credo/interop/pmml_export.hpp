// PMML 4.4 export: a credo scorecard as a PMML `Scorecard`, a logistic regression on raw
// columns as a PMML `RegressionModel` (normalizationMethod="logit"), written so that a PMML
// evaluator scores every applicant as credo does. See docs/interop.md.
//
//   auto card = credo::io::load_scorecard("card.json");
//   credo::interop::save_pmml(card, "card.pmml");            // atomic: temp file + rename
//   std::string xml = credo::interop::scorecard_to_pmml(card);
//
// What a Scorecard document carries (the PMML 4.4 Scorecard and MiningSchema sections,
// https://dmg.org/pmml/v4-4-1/Scorecard.html):
// - DataDictionary: one DataField per characteristic: numeric ones continuous/double,
//   categorical ones categorical/string with every training label as a valid Value and the
//   empty label as a Value with property="missing" (credo reads "" as missing).
// - MiningSchema: what credo's missing policy (scorecard_options::missing) and unseen-category
//   fallback do. own_bin and worst: missingValueTreatment="asIs" and a first Attribute
//   `isMissing` with the missing bin's points as scored (the lowest of the characteristic
//   under worst); error: missingValueTreatment="returnInvalid" (the row gets no score, as
//   credo's status missing_value). A label never seen in training (an invalid value, not in
//   the DataField's Values) is invalidValueTreatment="asMissing" when credo's fallback is the
//   missing bin ("returnInvalid" under error), and "asIs" with a last Attribute <True/>
//   carrying the fallback bin's points when the fallback is a regular bin. A numeric field's
//   invalid value (text that is not a number) is "returnInvalid", as `credo score` gives such a
//   row the status not_a_number.
// - Characteristics in card order, each with reasonCode = its name and baselineScore = credo's
//   baseline; Attributes in bin-lookup order, the first true predicate giving the partial score
//   (the specification's scoring procedure): isMissing, the special values (SimplePredicate
//   equal), then the intervals [c_i, c_{i+1}) (lessThan, CompoundPredicate and of
//   greaterOrEqual/lessThan, greaterOrEqual), or the label groups (SimplePredicate equal for
//   one label, SimpleSetPredicate isIn for several, CompoundPredicate or of equals when a
//   label holds a '"' or '\', which an Array of strings cannot carry unambiguously).
// - Scorecard attributes: initialScore = the base points (0 when the intercept is spread over
//   the characteristics), useReasonCodes="true", reasonCodeAlgorithm="pointsBelow" (a
//   reason's points are baselineScore − partialScore, as credo's), baselineMethod max, mean or
//   other for credo's max_points, mean_points and given.
// - Output: `score` (predictedValue), `pd` (transformedValue: 1 / (1 + exp((score − Offset) /
//   Factor)), the Offset and Factor of the card's scaling as constants) and `reason_1` ..
//   `reason_N` (feature="reasonCode", rank 1..N, N = the card's max_reasons).
// - Extensions (extender="credo") with the scaling (pdo, base_score, base_odds), rounding,
//   missing policy, intercept placement, baseline method, max_reasons and the intercept, and
//   per Characteristic its kind, coefficient, WoE, training weights and points (as stored,
//   before missing = worst) per bin in credo's bin order, and its unseen-label policy and
//   bin, so an importer can rebuild the very card; a PMML evaluator needs none of them (the
//   points it adds are already rounded and written exactly).
// Every number is written as the shortest text that reads back as the same double, so the
// points, cuts and baselines a PMML evaluator reads are credo's bits; its sum initialScore +
// Σ partialScore in document order is credo's sum in card order.
//
// What a PMML evaluator does differently (docs/interop.md): it may list a characteristic whose
// points equal its baseline (0 points below) as a reason at a rank credo leaves empty; credo
// lists only characteristics strictly below their baseline. Ties are ranked in document order
// by a stable sort, as credo's card order.
//
// Refused (credo::invalid_input): a float card or model (credo.interop.float_model: credo sums
// float points in float, a PMML evaluator in double), a name or label that is not UTF-8 text
// of XML 1.0 characters (credo.interop.not_xml_text), and a characteristic or feature named
// like an output field (credo.interop.name_clash).
#pragma once

#include <credo/core/error.hpp>
#include <credo/detail/text.hpp>
#include <credo/interop/detail/text.hpp>
#include <credo/io/atomic_file.hpp>
#include <credo/model/logistic_regression.hpp>
#include <credo/model/scorecard.hpp>
#include <credo/version.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace credo::interop {

/// What a PMML document is called.
struct pmml_options {
  std::string model_name;  ///< the model's modelName (default: credo_scorecard / credo_logistic)
};

namespace detail {

/// s escaped for an XML attribute value or element text: & < > " ' as entities, and tab,
/// line feed and carriage return as character references (a parser would otherwise normalise
/// them to spaces in an attribute value, XML 1.0 §3.3.3).
inline std::string xml_escaped(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default: out += c;
    }
  }
  return out;
}

/// A double as xs:double text: the shortest digits that read back as the same double
/// (credo::detail::format_shortest), INF and -INF for the infinities.
inline std::string pmml_number(double v) {
  if (std::isinf(v)) return v > 0 ? "INF" : "-INF";
  return credo::detail::format_shortest(v);
}

/// Refuses text an XML 1.0 document cannot hold, naming what it is.
inline void check_xml_text(std::string_view s, const std::string& what) {
  if (!is_text(s, true))
    CREDO_THROW(invalid_input, "credo.interop.not_xml_text",
                what + " is not UTF-8 text of XML 1.0 characters (a control character or a byte that is not "
                       "UTF-8); a PMML document cannot hold it");
}

/// An element being written: its attributes as name="escaped value" pairs.
class xml_writer {
public:
  void open(std::string_view name, std::initializer_list<std::pair<std::string_view, std::string>> attrs = {},
            bool empty = false) {
    indent();
    out_ += '<';
    out_ += name;
    for (const auto& [k, v] : attrs) {
      out_ += ' ';
      out_ += k;
      out_ += "=\"";
      out_ += xml_escaped(v);
      out_ += '"';
    }
    out_ += empty ? "/>\n" : ">\n";
    if (!empty) {
      stack_.emplace_back(name);
    }
  }
  void leaf(std::string_view name, std::initializer_list<std::pair<std::string_view, std::string>> attrs = {}) {
    open(name, attrs, true);
  }
  /// <name attrs>text</name> on one line.
  void text(std::string_view name, std::initializer_list<std::pair<std::string_view, std::string>> attrs,
            std::string_view text) {
    indent();
    out_ += '<';
    out_ += name;
    for (const auto& [k, v] : attrs) {
      out_ += ' ';
      out_ += k;
      out_ += "=\"";
      out_ += xml_escaped(v);
      out_ += '"';
    }
    out_ += '>';
    out_ += xml_escaped(text);
    out_ += "</";
    out_ += name;
    out_ += ">\n";
  }
  void close() {
    const std::string name = stack_.back();
    stack_.pop_back();
    indent();
    out_ += "</" + name + ">\n";
  }
  std::string finish() {
    while (!stack_.empty()) close();
    return std::move(out_);
  }

private:
  void indent() { out_.append(2 * stack_.size(), ' '); }
  std::string out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  std::vector<std::string> stack_;
};

inline void open_document(xml_writer& w, std::string_view description) {
  w.open("PMML", {{"xmlns", "http://www.dmg.org/PMML-4_4"}, {"version", "4.4"}});
  w.open("Header", {{"description", std::string(description)}});
  w.leaf("Application", {{"name", "credo"}, {"version", credo::version_string}});
  w.close();
}

inline void extension(xml_writer& w, std::string_view name, std::string value) {
  w.leaf("Extension", {{"extender", "credo"}, {"name", std::string(name)}, {"value", std::move(value)}});
}

/// Numbers separated by spaces, each as pmml_number writes it.
inline std::string number_list(const std::vector<double>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? " " : "") + pmml_number(v[i]);
  return s;
}

/// A string Array of labels, each in double quotes (PMML's Array: values separated by
/// spaces, a value with spaces quoted). Only for labels without '"' or '\'.
inline std::string string_array(const std::vector<std::string>& labels) {
  std::string s;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i) s += ' ';
    s += '"';
    s += labels[i];
    s += '"';
  }
  return s;
}

inline const char* baseline_method_name(model::baseline_method b) noexcept {
  switch (b) {
    case model::baseline_method::max_points: return "max";
    case model::baseline_method::mean_points: return "mean";
    case model::baseline_method::given: return "other";
  }
  return "other";
}

}  // namespace detail

/// The card as a PMML 4.4 document (a Scorecard). Throws credo::invalid_input:
/// credo.interop.float_model, .not_xml_text, .name_clash.
template <class Real>
std::string scorecard_to_pmml(const model::scorecard<Real>& card, const pmml_options& options = {}) {
  detail::refuse_float<Real>("card");
  const auto& o = card.options();
  const std::size_t m = card.size(), n_reasons = o.reasons.max_reasons;
  // Output fields share the name space of the data fields (PMML's field scope).
  std::set<std::string> outputs{"score", "pd"};
  for (std::size_t k = 1; k <= n_reasons; ++k) outputs.insert("reason_" + std::to_string(k));
  for (std::size_t j = 0; j < m; ++j) {
    const auto& c = card.characteristic(j);
    const std::string where = "characteristic " + credo::detail::quoted(c.name);
    detail::check_xml_text(c.name, "the name of characteristic " + std::to_string(j));
    if (outputs.count(c.name))
      CREDO_THROW(invalid_input, "credo.interop.name_clash",
                  where + " has the name of an output field of the PMML document (score, pd, reason_1..reason_" +
                      std::to_string(n_reasons) + "); rename the column");
    for (const auto& g : c.bins.groups())
      for (const auto& label : g) detail::check_xml_text(label, where + ", a label");
  }
  detail::check_xml_text(options.model_name, "the model name");
  const bool error = o.missing == model::missing_action::error;

  detail::xml_writer w;
  detail::open_document(w, "credo scorecard: points per bin under PDO scaling, reason codes pointsBelow");
  w.open("DataDictionary", {{"numberOfFields", std::to_string(m)}});
  for (std::size_t j = 0; j < m; ++j) {
    const auto& c = card.characteristic(j);
    if (c.bins.is_numeric()) {
      w.leaf("DataField", {{"name", c.name}, {"optype", "continuous"}, {"dataType", "double"}});
      continue;
    }
    w.open("DataField", {{"name", c.name}, {"optype", "categorical"}, {"dataType", "string"}});
    for (const auto& g : c.bins.groups())
      for (const auto& label : g) w.leaf("Value", {{"value", label}});
    w.leaf("Value", {{"value", ""}, {"property", "missing"}});  // credo reads "" as missing
    w.close();
  }
  w.close();

  w.open("Scorecard", {{"modelName", options.model_name.empty() ? "credo_scorecard" : options.model_name},
                       {"functionName", "regression"},
                       {"algorithmName", "credo WoE logistic scorecard"},
                       {"initialScore", detail::pmml_number(static_cast<double>(card.base_points()))},
                       {"useReasonCodes", "true"},
                       {"reasonCodeAlgorithm", "pointsBelow"},
                       {"baselineMethod", detail::baseline_method_name(o.reasons.baseline)}});
  detail::extension(w, "pdo", detail::pmml_number(o.pdo));
  detail::extension(w, "base_score", detail::pmml_number(o.base_score));
  detail::extension(w, "base_odds", detail::pmml_number(o.base_odds));
  detail::extension(w, "rounding", model::to_string(o.rounding));
  detail::extension(w, "missing", model::to_string(o.missing));
  detail::extension(w, "intercept_points", model::to_string(o.intercept));
  detail::extension(w, "baseline", model::to_string(o.reasons.baseline));
  detail::extension(w, "max_reasons", std::to_string(n_reasons));
  detail::extension(w, "intercept", detail::pmml_number(card.intercept()));

  w.open("MiningSchema");
  for (std::size_t j = 0; j < m; ++j) {
    const auto& b = card.characteristic(j).bins;
    std::string invalid = "returnInvalid";  // numeric: text that is not a number
    if (b.is_categorical())
      invalid = b.unseen_bin() != b.missing_bin() ? "asIs" : error ? "returnInvalid" : "asMissing";
    w.leaf("MiningField", {{"name", card.characteristic(j).name},
                           {"usageType", "active"},
                           {"missingValueTreatment", error ? "returnInvalid" : "asIs"},
                           {"invalidValueTreatment", invalid}});
  }
  w.close();

  w.open("Output");
  w.leaf("OutputField", {{"name", "score"}, {"optype", "continuous"}, {"dataType", "double"}, {"feature", "predictedValue"}});
  // pd = 1 / (1 + exp((score − Offset) / Factor)), scaling::pd_from_score's operations in its order.
  w.open("OutputField", {{"name", "pd"}, {"optype", "continuous"}, {"dataType", "double"}, {"feature", "transformedValue"}});
  w.open("Apply", {{"function", "/"}});
  w.text("Constant", {{"dataType", "double"}}, "1");
  w.open("Apply", {{"function", "+"}});
  w.text("Constant", {{"dataType", "double"}}, "1");
  w.open("Apply", {{"function", "exp"}});
  w.open("Apply", {{"function", "/"}});
  w.open("Apply", {{"function", "-"}});
  w.leaf("FieldRef", {{"field", "score"}});
  w.text("Constant", {{"dataType", "double"}}, detail::pmml_number(card.offset()));
  w.close();
  w.text("Constant", {{"dataType", "double"}}, detail::pmml_number(card.factor()));
  w.close();
  w.close();
  w.close();
  w.close();
  w.close();
  for (std::size_t k = 1; k <= n_reasons; ++k)
    w.leaf("OutputField", {{"name", "reason_" + std::to_string(k)},
                           {"optype", "categorical"},
                           {"dataType", "string"},
                           {"feature", "reasonCode"},
                           {"rank", std::to_string(k)}});
  w.close();

  w.open("Characteristics");
  for (std::size_t j = 0; j < m; ++j) {
    const auto& c = card.characteristic(j);
    const auto& b = c.bins;
    const std::string& f = c.name;
    auto points = [&](std::size_t bin) { return detail::pmml_number(static_cast<double>(card.scored_points(j, bin))); };
    w.open("Characteristic", {{"name", f},
                              {"reasonCode", f},
                              {"baselineScore", detail::pmml_number(static_cast<double>(card.baselines()[j]))}});
    // How credo built the points (not needed to score; an importer rebuilds the same card
    // from them): the characteristic's kind, coefficient, WoE and training weight per bin in
    // credo's bin order, and for labels the unseen policy and its bin.
    detail::extension(w, "kind", credo::to_string(b.kind()));
    detail::extension(w, "coefficient", detail::pmml_number(c.coefficient));
    detail::extension(w, "woe", detail::number_list(c.woe));
    detail::extension(w, "weights", detail::number_list(c.weights));
    {
      std::vector<double> unscored(card.points(j).begin(), card.points(j).end());
      detail::extension(w, "points", detail::number_list(unscored));  // before missing = worst
    }
    if (b.is_categorical()) {
      detail::extension(w, "unseen", binning::to_string(b.unseen_policy()));
      detail::extension(w, "unseen_bin", std::to_string(b.unseen_bin()));
    }
    // The missing bin first: credo looks at missingness before anything else.
    if (!error) {
      w.open("Attribute", {{"partialScore", points(b.missing_bin())}});
      w.leaf("SimplePredicate", {{"field", f}, {"operator", "isMissing"}});
      w.close();
    }
    if (b.is_numeric()) {
      // Special values before the intervals (bins::bin_of tests them first).
      for (std::size_t s = 0; s < b.specials().size(); ++s) {
        w.open("Attribute", {{"partialScore", points(b.special_bin(s))}});
        w.leaf("SimplePredicate", {{"field", f}, {"operator", "equal"}, {"value", detail::pmml_number(b.specials()[s])}});
        w.close();
      }
      const auto& cuts = b.cuts();
      for (std::size_t i = 0; i <= cuts.size(); ++i) {
        w.open("Attribute", {{"partialScore", points(i)}});
        if (cuts.empty()) {
          w.leaf("True");
        } else if (i == 0) {
          w.leaf("SimplePredicate", {{"field", f}, {"operator", "lessThan"}, {"value", detail::pmml_number(cuts[0])}});
        } else if (i == cuts.size()) {
          w.leaf("SimplePredicate",
                 {{"field", f}, {"operator", "greaterOrEqual"}, {"value", detail::pmml_number(cuts[i - 1])}});
        } else {
          w.open("CompoundPredicate", {{"booleanOperator", "and"}});
          w.leaf("SimplePredicate",
                 {{"field", f}, {"operator", "greaterOrEqual"}, {"value", detail::pmml_number(cuts[i - 1])}});
          w.leaf("SimplePredicate", {{"field", f}, {"operator", "lessThan"}, {"value", detail::pmml_number(cuts[i])}});
          w.close();
        }
        w.close();
      }
    } else {
      const auto& groups = b.groups();
      for (std::size_t g = 0; g < groups.size(); ++g) {
        const auto& labels = groups[g];
        w.open("Attribute", {{"partialScore", points(g)}});
        bool plain = true;
        for (const auto& l : labels) plain = plain && l.find_first_of("\"\\") == std::string::npos;
        if (labels.size() == 1) {
          w.leaf("SimplePredicate", {{"field", f}, {"operator", "equal"}, {"value", labels[0]}});
        } else if (labels.empty()) {
          w.leaf("False");  // a group without labels matches nothing
        } else if (plain) {
          w.open("SimpleSetPredicate", {{"field", f}, {"booleanOperator", "isIn"}});
          w.text("Array", {{"n", std::to_string(labels.size())}, {"type", "string"}}, detail::string_array(labels));
          w.close();
        } else {
          w.open("CompoundPredicate", {{"booleanOperator", "or"}});
          for (const auto& l : labels) w.leaf("SimplePredicate", {{"field", f}, {"operator", "equal"}, {"value", l}});
          w.close();
        }
        w.close();
      }
      // A label never seen in training reaches here as itself (invalidValueTreatment="asIs")
      // when credo's fallback is a regular bin; otherwise it was made missing or invalid.
      if (b.unseen_bin() != b.missing_bin()) {
        w.open("Attribute", {{"partialScore", points(b.unseen_bin())}});
        w.leaf("True");
        w.close();
      }
    }
    w.close();
  }
  w.close();
  return w.finish();
}

/// A fitted logistic regression on raw numeric columns as a PMML 4.4 RegressionModel:
/// functionName="regression", normalizationMethod="logit", so the predicted value is
/// P(bad) = 1 / (1 + exp(−(β0 + Σ β_j x_j))), the model's predict_proba; output field `pd`. A
/// missing or invalid input gets no prediction (returnInvalid), as credo's status not_finite.
/// Throws credo.model.not_fitted, credo.interop.float_model, .not_xml_text, .name_clash.
template <class Real, class Penalty, class Solver>
std::string logistic_to_pmml(const model::logistic_regression<Real, Penalty, Solver>& lr,
                             const pmml_options& options = {}) {
  detail::refuse_float<Real>("model");
  const auto f = lr.parts();
  const auto& names = f.names;
  for (std::size_t j = 0; j < names.size(); ++j) {
    detail::check_xml_text(names[j], "the name of feature " + std::to_string(j));
    if (names[j] == "pd")
      CREDO_THROW(invalid_input, "credo.interop.name_clash",
                  "feature 'pd' has the name of the PMML document's output field; rename the column");
  }
  detail::check_xml_text(options.model_name, "the model name");
  detail::xml_writer w;
  detail::open_document(w, "credo logistic regression on raw columns: P(bad) = 1 / (1 + exp(-(b0 + x'b)))");
  w.open("DataDictionary", {{"numberOfFields", std::to_string(names.size())}});
  for (const auto& n : names) w.leaf("DataField", {{"name", n}, {"optype", "continuous"}, {"dataType", "double"}});
  w.close();
  w.open("RegressionModel", {{"modelName", options.model_name.empty() ? "credo_logistic" : options.model_name},
                             {"functionName", "regression"},
                             {"algorithmName", "credo logistic regression (IRLS)"},
                             {"modelType", "logisticRegression"},
                             {"normalizationMethod", "logit"}});
  detail::extension(w, "penalty", std::string(Penalty::name));
  w.open("MiningSchema");
  for (const auto& n : names)
    w.leaf("MiningField", {{"name", n},
                           {"usageType", "active"},
                           {"missingValueTreatment", "returnInvalid"},
                           {"invalidValueTreatment", "returnInvalid"}});
  w.close();
  w.open("Output");
  w.leaf("OutputField", {{"name", "pd"}, {"optype", "continuous"}, {"dataType", "double"}, {"feature", "predictedValue"}});
  w.close();
  w.open("RegressionTable", {{"intercept", detail::pmml_number(f.params[0])}});
  for (std::size_t j = 0; j < names.size(); ++j)
    w.leaf("NumericPredictor", {{"name", names[j]},
                                {"exponent", "1"},
                                {"coefficient", detail::pmml_number(f.params[static_cast<Eigen::Index>(j + 1)])}});
  w.close();
  return w.finish();
}

/// Writes the card or model as PMML to `path` atomically (credo.io.write_failed; nothing is
/// written when the export is refused).
template <class Real>
void save_pmml(const model::scorecard<Real>& card, const std::string& path, const pmml_options& options = {}) {
  io::write_file_atomic(path, scorecard_to_pmml(card, options));
}
template <class Real, class Penalty, class Solver>
void save_pmml(const model::logistic_regression<Real, Penalty, Solver>& lr, const std::string& path,
               const pmml_options& options = {}) {
  io::write_file_atomic(path, logistic_to_pmml(lr, options));
}

}  // namespace credo::interop
