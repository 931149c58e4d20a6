// Umbrella: scoreability rules, coverage reports and the worth of each source.
#pragma once

#include <credo/coverage/report.hpp>
#include <credo/coverage/rule.hpp>
#include <credo/coverage/sources.hpp>
#include <credo/coverage/contribution.hpp>
