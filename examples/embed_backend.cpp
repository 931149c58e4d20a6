// A lender's backend scores a loan request with a scorecard from a model file: load the card
// once at start-up, then per request fill a fixed buffer of values, score it with reason codes
// (no allocation per request) and decide at a cut-off. docs/howto/embed_in_backend.md walks
// through it.
//
//   embed_backend                 fit a card on data/german_credit.csv, save it to a temp file, load it
//   embed_backend CARD.json       load the card from CARD.json (e.g. made by `credo fit`)
//   embed_backend CARD.json DATA  ... DATA is the German credit CSV when fitting
#include <credo/engine/batch_scorer.hpp>
#include <credo/io/csv.hpp>
#include <credo/io/model_file.hpp>
#include <credo/model/scorecard.hpp>
#include <credo/model/workflow.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#ifndef CREDO_DATA_FILE
#define CREDO_DATA_FILE "data/german_credit.csv"
#endif

namespace {

using card_t = credo::model::scorecard<>;  // double, points rounded to integers, missing → own bin

/// What the lender's front end sends: the applicant's answers, as the service receives them.
/// Protected attributes (age, sex, nationality) are not part of a request to the score.
/// NaN or "" means "not given".
struct loan_request {
  std::string id;
  std::string checking_status, credit_history, purpose, savings_status, employment;
  std::string other_parties, property_magnitude, other_payment_plans, housing, job, own_telephone;
  double duration = NAN, credit_amount = NAN, installment_commitment = NAN, residence_since = NAN;
  double existing_credits = NAN, num_dependents = NAN;
};

/// Reads one characteristic of a request as a scorecard input (a view: no copy of the label).
using field = credo::model::input (*)(const loan_request&);

#define CREDO_FIELD(name) {#name, [](const loan_request& r) { return credo::model::input(r.name); }}
const std::vector<std::pair<std::string_view, field>> request_fields = {
    CREDO_FIELD(checking_status),  CREDO_FIELD(credit_history),         CREDO_FIELD(purpose),
    CREDO_FIELD(savings_status),   CREDO_FIELD(employment),             CREDO_FIELD(other_parties),
    CREDO_FIELD(property_magnitude), CREDO_FIELD(other_payment_plans),  CREDO_FIELD(housing),
    CREDO_FIELD(job),              CREDO_FIELD(own_telephone),          CREDO_FIELD(duration),
    CREDO_FIELD(credit_amount),    CREDO_FIELD(installment_commitment), CREDO_FIELD(residence_since),
    CREDO_FIELD(existing_credits), CREDO_FIELD(num_dependents),
};
#undef CREDO_FIELD

/// Fits a card on the German credit data with the protected attributes left out and keeps it
/// in `path` (what a modelling team hands over; `credo fit` does the same).
void make_model_file(const std::string& data, const std::string& path) {
  credo::io::csv_options opt;
  opt.target = "class";
  opt.bad_value = "bad";
  const auto t = credo::io::read_csv(data, opt);
  credo::model::scorecard_plan plan;
  for (const auto& name : t.names())
    if (name != "age" && name != "personal_status" && name != "foreign_worker") plan.binning.columns.push_back(name);
  plan.binning.defaults.min_bin_size = 0.05;
  const auto fitted = credo::model::fit_scorecard(t, plan);
  credo::io::save_scorecard(fitted.card, path);
  std::printf("fitted a %zu-characteristic card on %zu applicants and saved it to a temp file\n",
              fitted.card.size(), t.rows());
}

}  // namespace

int main(int argc, char** argv) {
  try {
    // --- start-up: load the card, map its characteristics to the request's fields ----------
    std::string model = argc > 1 ? argv[1] : "";
    const std::string data = argc > 2 ? argv[2] : CREDO_DATA_FILE;
    std::filesystem::path temp;
    if (model.empty()) {
      temp = std::filesystem::temp_directory_path() / "credo_embed_backend_card.json";
      make_model_file(data, temp.string());
      model = temp.string();
    }
    const auto card = credo::io::load_scorecard<card_t>(model);
    if (!temp.empty()) std::filesystem::remove(temp);

    std::array<field, 32> getter{};  // card order → the request's field
    if (card.size() > getter.size()) throw std::runtime_error("the card has more characteristics than this service");
    for (std::size_t j = 0; j < card.size(); ++j) {
      const auto& name = card.characteristic(j).name;
      const auto it = std::find_if(request_fields.begin(), request_fields.end(),
                                   [&](const auto& f) { return f.first == name; });
      if (it == request_fields.end()) throw std::runtime_error("the card needs '" + name + "', which requests lack");
      getter[j] = it->second;
    }
    // Approve when the probability of bad is at most 25 %: the cut-off is the score of PD 0.25.
    const double cutoff = std::round(card.score_from_pd(0.25));
    std::printf("loaded a card of %zu characteristics (scores %.0f to %.0f); cut-off %.0f points (PD 25%%)\n",
                card.size(), card.min_score(), card.max_score(), cutoff);
    // The same card compiled for the batch scorer, whose single-applicant path takes numbers
    // (categories as codes); both give the same score bits.
    const auto compiled = credo::engine::batch_scorer<double>::compile(card);

    // --- per request: fixed buffers, no allocation ------------------------------------------
    const std::vector<loan_request> requests = {
        {.id = "A-1001", .checking_status = "no checking", .credit_history = "critical/other existing credit",
         .purpose = "used car", .savings_status = ">=1000", .employment = ">=7", .other_parties = "none",
         .property_magnitude = "car", .other_payment_plans = "none", .housing = "own", .job = "skilled",
         .own_telephone = "yes", .duration = 12, .credit_amount = 2500, .installment_commitment = 2,
         .residence_since = 4, .existing_credits = 2, .num_dependents = 1},
        {.id = "A-1002", .checking_status = "<0", .credit_history = "existing paid", .purpose = "new car",
         .savings_status = "<100", .employment = "<1", .other_parties = "none", .property_magnitude = "no known property",
         .other_payment_plans = "bank", .housing = "rent", .job = "skilled", .own_telephone = "none",
         .duration = 48, .credit_amount = 9800, .installment_commitment = 4, .residence_since = 1,
         .existing_credits = 1, .num_dependents = 1},
        // Savings not given (""), duration not given (NaN), and a purpose the card never saw in
        // training: the card's policy scores them (the missing bin; unseen labels → the bin
        // chosen when the card was binned) instead of failing the request.
        {.id = "A-1003", .checking_status = "0<=X<200", .credit_history = "existing paid", .purpose = "solar panels",
         .savings_status = "", .employment = "1<=X<4", .other_parties = "none", .property_magnitude = "car",
         .other_payment_plans = "none", .housing = "own", .job = "skilled", .own_telephone = "none",
         .duration = NAN, .credit_amount = 4200, .installment_commitment = 3, .residence_since = 2,
         .existing_credits = 1, .num_dependents = 1},
    };

    // Buffers sized once, at start-up; the request loop below allocates nothing to score.
    std::vector<credo::model::input> values(card.size(), credo::model::input::missing());
    std::vector<double> numbers(card.size());
    std::array<credo::model::reason_code, 4> why{};
    std::array<credo::model::reason_code, 4> why_compiled{};
    for (const auto& req : requests) {
      for (std::size_t j = 0; j < card.size(); ++j) values[j] = getter[j](req);
      const auto r = card.score(std::span<const credo::model::input>(values.data(), card.size()), why);
      if (!r.ok()) {
        std::printf("\n%s: not scored (%s in %s)\n", req.id.c_str(), credo::model::to_string(r.status),
                    card.characteristic(r.characteristic).name.c_str());
        continue;
      }
      const double pd = card.pd_from_score(r.score);
      std::printf("\n%s: score %.0f, PD %.3f, %s\n", req.id.c_str(), r.score, pd,
                  r.score >= cutoff ? "approve" : "decline");
      for (std::uint32_t k = 0; k < r.reasons; ++k) std::printf("    %s\n", card.describe(why[k]).c_str());

      // The batch scorer's single-applicant path: numbers in, categories as their codes.
      for (std::size_t j = 0; j < card.size(); ++j)
        numbers[j] = values[j].is_label() ? compiled.category_code(j, values[j].label()) : values[j].number();
      const auto c = compiled.score_one(std::span<const double>(numbers.data(), card.size()), why_compiled);
      if (c.score != r.score || c.reasons != r.reasons)
        throw std::runtime_error("the batch scorer disagrees with the card on " + req.id);
      for (std::size_t j = 0; j < card.size(); ++j) {
        const auto& b = card.characteristic(j).bins;
        const auto bin = card.bin_of(j, values[j]);
        const bool given = values[j].is_label() ? !values[j].label().empty() : !std::isnan(values[j].number());
        if (!given)
          std::printf("    (%s not given: scored in bin %s)\n", card.characteristic(j).name.c_str(),
                      b.label(bin).c_str());
        else if (values[j].is_label() &&  // a label outside the training categories
                 compiled.category_code(j, values[j].label()) == static_cast<double>(compiled.categories(j).size()))
          std::printf("    (%s = '%s' unseen in training: scored in bin %s, policy %s)\n",
                      card.characteristic(j).name.c_str(), std::string(values[j].label()).c_str(),
                      b.label(bin).c_str(), credo::binning::to_string(b.unseen_policy()));
      }
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "embed_backend: %s\n", e.what());
    return 1;
  }
}
