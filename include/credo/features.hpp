// Umbrella: credit-bureau records, point-in-time feature extractors and feature sets.
#pragma once

#include <credo/features/date.hpp>
#include <credo/features/extractor.hpp>
#include <credo/features/extractors.hpp>
#include <credo/features/feature_set.hpp>
#include <credo/features/record_set.hpp>
#include <credo/features/records.hpp>

namespace credo::features {

/// Every built-in extractor with its default window, in one feature set.
inline auto standard_features() {
  return feature_set<account_count, open_account_count, accounts_by_type, account_age, balances,
                     revolving_utilization, worst_delinquency<24>, months_since_delinquency<1>,
                     delinquency_count<2, 24>, inquiry_count<6>, on_time_share<24>>{};
}

}  // namespace credo::features
