// Umbrella of the engine area: the compiled batch scorer and the composed engine.
#pragma once

#include <credo/engine/batch_scorer.hpp>
#include <credo/engine/decide.hpp>
#include <credo/engine/engine.hpp>
#include <credo/engine/monitor.hpp>
