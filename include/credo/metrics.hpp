// Umbrella: credo::metrics — discrimination, calibration and stability as mergeable
// accumulators (docs/metrics.md).
#pragma once

#include <credo/metrics/auc.hpp>
#include <credo/metrics/bands.hpp>
#include <credo/metrics/binned.hpp>
#include <credo/metrics/bootstrap.hpp>
#include <credo/metrics/calibration.hpp>
#include <credo/metrics/common.hpp>
#include <credo/metrics/concordance.hpp>
#include <credo/metrics/curves.hpp>
#include <credo/metrics/ks.hpp>
#include <credo/metrics/monitoring.hpp>
#include <credo/metrics/score_rows.hpp>
#include <credo/metrics/stability.hpp>
#include <credo/metrics/paired_histogram.hpp>
