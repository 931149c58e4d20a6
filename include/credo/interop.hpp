// Umbrella of the interop area: a credo model out to other stacks, PMML 4.4 (Scorecard,
// RegressionModel) and SQL (SQLite, PostgreSQL). See docs/interop.md.
#pragma once

#include <credo/interop/pmml_export.hpp>
#include <credo/interop/sql_export.hpp>
