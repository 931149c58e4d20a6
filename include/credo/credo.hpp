// Umbrella: every public header of credo.
#pragma once

#include <credo/fwd.hpp>
#include <credo/version.hpp>
#include <credo/core.hpp>
#include <credo/io.hpp>
#include <credo/binning.hpp>
#include <credo/model.hpp>
#include <credo/metrics.hpp>
#include <credo/fairness.hpp>
#include <credo/report.hpp>
#include <credo/features.hpp>
#include <credo/coverage.hpp>
#include <credo/synth.hpp>
#include <credo/engine.hpp>
#include <credo/interop.hpp>
