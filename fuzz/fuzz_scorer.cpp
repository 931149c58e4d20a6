// Fuzz target: scoring. A valid card (numeric with a special value, categorical with an
// unseen fallback) and its compiled batch scorer get arbitrary bytes as rows of values
// (NaN, ±inf, huge, subnormal, any code) and labels. Every row must get a status; a scored
// row lies within the card's extremes, and the batch scorer agrees with the card bit for bit.
#include <credo/engine/batch_scorer.hpp>
#include <credo/model/scorecard.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

namespace {

using namespace credo::model;
using credo::binning::bins;

template <missing_action Missing>
const scorecard<double>& card() {
  static const scorecard<double> c(
      {{"amount", bins::numeric({-5.5, 0.0, 1e3, 3e9}, {-999.0, 0.1}), {-0.7, -0.2, 0.1, 0.4, 0.6, 0.3, -0.5, 0.0}, -0.9, {}},
       {"home", bins::categorical({{"rent", "other"}, {"own"}, {"free"}}, credo::binning::unseen_category::missing_bin),
        {-0.3, 0.5, 0.1, 0.0}, -0.6, {}},
       {"age", bins::numeric({25.0}), {-0.4, 0.2, -0.1}, -0.5, {}}},
      -1.1, [] {
        scorecard_options o;
        o.missing = Missing;
        return o;
      }());
  return c;
}

template <missing_action Missing>
void run(const std::uint8_t* data, std::size_t size) {
  const auto& c = card<Missing>();
  const auto scorer = credo::engine::batch_scorer<double>::compile(c);
  const std::size_t m = c.size();
  // Rows of 3 doubles from the bytes.
  const std::size_t rows = size / (m * sizeof(double));
  std::vector<double> x(rows * m);
  if (rows) std::memcpy(x.data(), data, rows * m * sizeof(double));
  std::vector<double> s(rows);
  std::vector<credo::model::score_status> st(rows);
  std::vector<reason_code> why(rows * scorer.max_reasons());
  std::vector<std::uint8_t> counts(rows);
  scorer.score(credo::engine::input_view<double>{x, rows, credo::engine::layout::row_major},
               {.scores = s, .status = st, .reasons = why, .reason_counts = counts}, {.threads = 2, .min_rows_per_thread = 1});
  std::vector<double> xc(rows * m);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t j = 0; j < m; ++j) xc[j * rows + r] = x[r * m + j];
  std::vector<double> s2(rows);
  std::vector<credo::model::score_status> st2(rows);
  scorer.score(credo::engine::input_view<double>{xc, rows}, {.scores = s2, .status = st2});
  std::vector<float> xf(xc.begin(), xc.end());
  std::vector<double> s3(rows);
  scorer.score(credo::engine::input_view<float>{xf, rows}, {.scores = s3});
  for (std::size_t r = 0; r < rows; ++r) {
    if (st[r] != st2[r]) std::abort();
    if (st[r] == credo::model::score_status::ok) {
      if (!(s[r] >= c.min_score() && s[r] <= c.max_score())) std::abort();
      if (std::memcmp(&s[r], &s2[r], sizeof(double)) != 0) std::abort();
      if (std::isnan(s3[r]) && !std::isnan(s[r]) && Missing != missing_action::error) std::abort();
    }
    // The card itself, with the categorical value as a code-encoded label.
    const double code = x[r * m + 1];
    const auto cats = scorer.categories(1);
    std::string_view label = "unseen-label";
    if (std::isnan(code)) label = "";
    else if (code >= 0 && code < double(cats.size()) && code == std::floor(code)) label = cats[std::size_t(code)];
    const input in[3] = {input(x[r * m]), input(label), input(x[r * m + 2])};
    reason_code w[4];
    const auto ref = c.score(std::span<const input>(in, 3), w);
    if (ref.status != st[r]) std::abort();
    if (ref.ok() && (std::memcmp(&ref.score, &s[r], sizeof(double)) != 0 || ref.reasons != counts[r])) std::abort();
  }
  // Bytes as pre-binned codes too.
  std::vector<std::uint8_t> codes(data, data + (size / m) * m);
  std::vector<double> s4(size / m);
  scorer.score_bins(credo::engine::input_view<std::uint8_t>{codes, size / m, credo::engine::layout::row_major},
                    {.scores = s4});
  // And the tail as labels.
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const input in[3] = {input(text), input(text), input(text.size())};
  (void)c.score(std::span<const input>(in, 3));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  run<missing_action::own_bin>(data, size);
  run<missing_action::error>(data, size);
  run<missing_action::worst>(data, size);
  return 0;
}
