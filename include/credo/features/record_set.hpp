// record_set: a population's records in credo's canonical form, owning their memory.
//
// What io::read_records reads and synth::generate makes. The payment histories of all
// tradelines live in one buffer that the tradelines' string_views point into, so a
// record_set moves but does not copy.
#pragma once

#include <credo/core/error.hpp>
#include <credo/features/records.hpp>

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace credo::features {

class record_set {
public:
  record_set() = default;
  record_set(const record_set&) = delete;
  record_set& operator=(const record_set&) = delete;
  record_set(record_set&&) noexcept = default;
  record_set& operator=(record_set&&) noexcept = default;

  person_table persons;
  std::vector<std::string> sources;  // source index → name
  std::vector<tradeline_record> tradelines;
  std::vector<inquiry_record> inquiries;

  /// The population view over these records (valid while the record_set lives unchanged).
  features::population<tradeline_record, inquiry_record> view() const {
    return features::population<tradeline_record, inquiry_record>(
        persons, std::span<const tradeline_record>(tradelines), std::span<const inquiry_record>(inquiries));
  }

  /// The index of source `name`; throws credo.records.unknown_source.
  std::size_t source_index(std::string_view name) const {
    for (std::size_t i = 0; i < sources.size(); ++i)
      if (sources[i] == name) return i;
    std::string known;
    for (const auto& s : sources) known += (known.empty() ? "" : ", ") + s;
    CREDO_THROW(invalid_input, "credo.records.unknown_source",
                "no source " + credo::detail::quoted(name) + " (sources: " + known + ")");
  }
  /// Every source but the named ones.
  source_mask without(std::initializer_list<std::string_view> names) const {
    source_mask m = all_sources;
    for (auto n : names) m &= ~(source_mask{1} << source_index(n));
    return m;
  }

  /// Sets the payment-history buffer: histories[i] of tradeline i is the text at
  /// [offsets[i], offsets[i+1]) of `text`; the tradelines' string_views are pointed into it.
  void set_histories(std::string text, const std::vector<std::size_t>& offsets) {
    if (offsets.size() != tradelines.size() + 1)
      CREDO_THROW(logic_error, "credo.records.history_offsets",
                  "set_histories needs one offset per tradeline plus one");
    histories_ = std::make_unique<std::string>(std::move(text));
    for (std::size_t i = 0; i < tradelines.size(); ++i)
      tradelines[i].payment_history =
          std::string_view(histories_->data() + offsets[i], offsets[i + 1] - offsets[i]);
  }

private:
  std::unique_ptr<std::string> histories_;
};

}  // namespace credo::features
