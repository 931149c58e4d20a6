// Umbrella of the core area: errors, the shared concepts and the table.
#pragma once

#include <credo/core/concepts.hpp>
#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
