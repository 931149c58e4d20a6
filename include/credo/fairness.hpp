// credo::fairness: group rates, disparity measures with uncertainty, and mitigation.
// See docs/fairness.md for every formula and its source.
#pragma once

#include <credo/fairness/bootstrap.hpp>
#include <credo/fairness/counts.hpp>
#include <credo/fairness/group_auc.hpp>
#include <credo/fairness/groups.hpp>
#include <credo/fairness/inference.hpp>
#include <credo/fairness/measures.hpp>
#include <credo/fairness/mitigation.hpp>
#include <credo/fairness/zero_division.hpp>
