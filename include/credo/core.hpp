// Umbrella of the core area: errors and the table.
#pragma once

#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
