// Umbrella of the model area: logistic regression (penalties, solvers, IRLS statistics) and
// variable selection.
#pragma once

#include <credo/model/irls_statistics.hpp>
#include <credo/model/logistic_regression.hpp>
#include <credo/model/penalty.hpp>
#include <credo/model/selection.hpp>
#include <credo/model/solver.hpp>
#include <credo/model/summary.hpp>
#include <credo/model/treatment_coding.hpp>
#include <credo/model/scorecard.hpp>
#include <credo/model/path_to_approval.hpp>
#include <credo/model/reason_codes.hpp>
#include <credo/model/workflow.hpp>
#include <credo/model/reject_inference.hpp>
