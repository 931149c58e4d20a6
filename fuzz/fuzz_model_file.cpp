// Fuzz target: the model-file loaders, scorecard and logistic regression. Any bytes must give
// a model or a credo::io_error (credo.model_file.*), nothing else: no crash, no sanitizer
// report, no foreign exception, no half-loaded model. A loaded model must save and load back
// equal.
#include <credo/io/logistic_file.hpp>
#include <credo/io/model_file.hpp>
#include <credo/model/scorecard.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace {

template <class Card>
void try_load(std::string_view text) {
  credo::io::model_file_limits limits;
  limits.max_file_bytes = 1 << 20;
  limits.max_bins = 1000;
  limits.max_labels = 10000;
  limits.max_characteristics = 100;
  try {
    const Card card = credo::io::scorecard_from_string<Card>(text, limits);
    // A loaded card is whole: it scores, and it round-trips.
    std::vector<credo::model::input> row(card.size(), credo::model::input(0.0));
    credo::model::reason_code why[4];
    const auto r = card.score(std::span<const credo::model::input>(row), why);
    if (r.ok() && !(r.score >= card.min_score() && r.score <= card.max_score())) std::abort();
    if (!(credo::io::scorecard_from_string<Card>(credo::io::scorecard_to_string(card)) == card)) std::abort();
  } catch (const credo::io_error&) {
  } catch (const credo::invalid_input& e) {
    // Only saving can throw this: a label that is not UTF-8 cannot have come from JSON.
    std::abort();
  }
}

template <class Model>
void try_load_logistic(std::string_view text) {
  credo::io::model_file_limits limits;
  limits.max_file_bytes = 1 << 20;
  limits.max_characteristics = 100;
  try {
    const Model m = credo::io::logistic_from_string<Model>(text, limits);
    // A loaded model is whole: it predicts, and it round-trips to the same estimates.
    const typename Model::matrix_type x = Model::matrix_type::Zero(2, static_cast<Eigen::Index>(m.feature_names().size()));
    const auto p = m.predict_proba(x);
    if (!(p.array() >= 0).all() || !(p.array() <= 1).all()) std::abort();
    const Model back = credo::io::logistic_from_string<Model>(credo::io::logistic_to_string(m));
    if (!(back.statistics() == m.statistics()) || !(back.params().array() == m.params().array()).all()) std::abort();
  } catch (const credo::io_error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try_load<credo::model::scorecard<>>(text);
  try_load<credo::model::scorecard<float>>(text);
  try_load_logistic<credo::model::logistic_regression<>>(text);
  try_load_logistic<credo::model::logistic_regression<float, credo::model::penalty::elastic_net>>(text);
  return 0;
}
