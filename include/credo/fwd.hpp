// Forward declarations of credo's public types, with their default template arguments.
//
// As in Boost.Histogram, defaults live here once; the defining headers include this file and
// do not repeat them. Include fwd.hpp to name a credo type without pulling in its definition.
#pragma once

#include <cstdint>

namespace credo {

// core
enum class column_kind;
class column;
class table;
class error_info;
class invalid_input;
class io_error;
class numeric_error;
class logic_error;
struct archive_access;  // core/archive.hpp

namespace io {
struct csv_options;
}  // namespace io

// binning
namespace binning {
class bins;
class bin_counts;
class binning_table;
struct binning_options;
struct encoder_options;
enum class zero_cell_rule;
class woe_encoder;
}  // namespace binning

// model (logistic regression and variable selection)
namespace model {
namespace penalty {
struct none;
struct l2;
struct elastic_net;
}  // namespace penalty
namespace solver {
struct newton;
struct coordinate_descent;
}  // namespace solver
enum class fit_status;
struct fit_options;
class irls_statistics;
template <class Real = double, class Penalty = penalty::none, class Solver = solver::newton>
class logistic_regression;
}  // namespace model

// model: scorecard (points, rounding, missing values, reason codes) and the batch scorer
namespace model {
enum class rounding_method;
enum class missing_action;
struct scaling;
struct scorecard_options;
struct reason_code;
template <class Real = double>
class scorecard;
}  // namespace model
namespace engine {
template <class Real = double>
class batch_scorer;
}  // namespace engine

// io: model and session files
namespace io {
struct model_file_limits;
struct session_file_limits;
template <class M>
struct monitor_state_io;
}  // namespace io

// metrics (discrimination, calibration, stability; Real = storage type of scores and weights)
namespace metrics {
enum class direction;
enum class alternative;
struct interval;
struct band_options;
struct ks_result;
struct delong_result;
struct bounded_value;
struct stability_result;
struct bootstrap_options;
struct bootstrap_result;
namespace empty_band {
struct fail;
struct add_epsilon;
}  // namespace empty_band
template <class Real = double>
class score_rows;
template <class Real = double>
class score_histogram;
template <class Real = double, class Rows = score_rows<Real>>
class auc;
template <class Real = double, class Rows = score_rows<Real>>
class ks;
template <class Real = double>
class paired_auc;
template <class Real = double>
class binned_roc;
template <class Real = double>
class brier_score;
template <class Real = double>
class log_loss;
template <class Real = double, class Rows = score_rows<Real>>
class calibration;
template <class Real = double>
class band_counts;
template <class Real = double>
struct sample;
}  // namespace metrics

// fairness (group rates, disparity measures, tests, mitigation)
namespace fairness {
namespace zero_division {
struct raise;
struct nan;
struct value;
}  // namespace zero_division
namespace parity {
struct approval_rate;
struct equal_opportunity;
}  // namespace parity
struct group_by;
class group_assignment;
struct assess_options;
struct cutoff_options;
struct bootstrap_options;
struct bootstrap_result;
template <class Real = double>
struct group_cell;
template <class Real = double>
class group_counts;
template <class Real = double, class Rows = metrics::score_rows<Real>>
class group_auc;
template <class Real = double>
struct test_result;
template <class Real = double>
struct band_summary;
template <class Real = double>
struct group_summary;
template <class Real = double>
struct disparity;
template <class Real = double>
struct disparities;
template <class Real = double>
struct comparison;
template <class Real = double>
struct fairness_report;
template <class Real = double>
struct decision_summary;
template <class Real = double>
struct cutoff_result;
}  // namespace fairness

// features (bureau records, point-in-time extractors), coverage, synth
namespace features {
class date;
enum class account_type : std::uint8_t;
struct tradeline_record;
struct inquiry_record;
template <class T>
struct tradeline_traits;
template <class T>
struct inquiry_traits;
struct person_context;
struct account_view;
struct inquiry_view;
struct person_table;
class record_index;
class record_set;
struct extract_options;
template <class T = tradeline_record, class Q = inquiry_record>
class population;
}  // namespace features
namespace coverage {
struct recent_and_seasoned;
struct min_accounts;
enum class file_status : std::uint8_t;
struct coverage_counts;
struct segment_coverage;
struct coverage_report;
struct report_options;
class fill_rates;
class source_patterns;
class condition_patterns;
struct source_options;
struct shapley_estimate;
template <class T = features::tradeline_record, class Q = features::inquiry_record,
          class Rule = recent_and_seasoned>
class source_analysis;
}  // namespace coverage
namespace synth {
struct source_spec;
struct bureau_options;
struct bureau;
}  // namespace synth

// engine: the composed engine, its decision policies and monitors
namespace engine {
enum class verdict : std::uint8_t;
enum class decision_status : std::uint8_t;
enum class input_problem : std::uint8_t;
struct decision;
struct decision_input;
struct prediction;
struct engine_info;
template <class T = features::tradeline_record, class Q = features::inquiry_record>
struct applicant;
template <class FeatureSet, class Rule = coverage::recent_and_seasoned>
struct with_rule;
template <class M>
struct model_binding;
template <class M>
struct scaled;
template <class... Reports>
struct monitor_snapshot;
template <class Features, class Model, class Decide, class... Monitors>
class engine;
namespace decide {
struct cutoff;
struct cutoff_table;
struct max_pd;
}  // namespace decide
namespace monitor {
struct psi;
struct psi_report;
struct by_group;
struct group_line;
struct approvals_report;
template <class Grouping = by_group>
struct approvals_by;
struct coverage;
struct coverage_report;
}  // namespace monitor
}  // namespace engine

}  // namespace credo
