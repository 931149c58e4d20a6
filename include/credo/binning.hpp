// Umbrella of the binning area: bins, counts, WoE/IV tables, binning methods, the WoE encoder.
#pragma once

#include <credo/binning/analysis.hpp>
#include <credo/binning/bin_counts.hpp>
#include <credo/binning/binning_table.hpp>
#include <credo/binning/bins.hpp>
#include <credo/binning/chimerge.hpp>
#include <credo/binning/fit.hpp>
#include <credo/binning/optimal.hpp>
#include <credo/binning/options.hpp>
#include <credo/binning/print.hpp>
#include <credo/binning/stream.hpp>
#include <credo/binning/woe_encoder.hpp>
