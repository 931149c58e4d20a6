// Umbrella: the synthetic credit bureau.
#pragma once

#include <credo/synth/bureau.hpp>
