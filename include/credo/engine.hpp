// Umbrella of the engine area: the compiled batch scorer.
#pragma once

#include <credo/engine/batch_scorer.hpp>
