// Hand-built populations for the coverage tests; all persons are scored at 2024-06-30, so the
// default rule needs last_reported >= 2023-12-30 and opened <= 2023-12-30.
#pragma once

#include <credo/features/records.hpp>

#include <vector>

namespace credo::test {

struct hand_population {
  features::person_table persons;
  std::vector<features::tradeline_record> accounts;
  std::vector<features::inquiry_record> inquiries;

  static features::date d(const char* s) { return *features::date::parse(s); }

  std::uint32_t person(const char* id, const char* group) {
    persons.id.push_back(id);
    persons.as_of.push_back(d("2024-06-30"));
    groups.push_back(group);
    return static_cast<std::uint32_t>(persons.size() - 1);
  }
  /// recent: reported 2024-06-30 (else 2020-06-30); old: opened 2015-01-01 (else 2024-03-01).
  void account(std::uint32_t p, std::uint16_t source, bool recent, bool old) {
    features::tradeline_record t;
    t.person = p;
    t.source = source;
    t.type = features::account_type::revolving;
    t.opened = old ? d("2015-01-01") : d("2024-03-01");
    t.last_reported = recent ? d("2024-06-30") : d("2020-06-30");
    if (!recent && !old) t.opened = t.last_reported = d("2019-01-01");  // neither
    t.payment_history = "0";
    accounts.push_back(t);
  }
  void inquiry(std::uint32_t p, std::uint16_t source) { inquiries.push_back({p, source, d("2024-05-01")}); }
  void finish() { persons.segments.push_back(column::categorical_from_labels("group", groups)); }

  features::population<> view() const { return features::population<>(persons, accounts, inquiries); }

  std::vector<std::string> groups;
};

/// Five persons, two sources (derivation in test_sources.cpp):
///   P0 source 0 recent-only, source 1 old-only   -> scoreable only with both
///   P1 both sources recent+old                    -> scoreable with either
///   P2 source 0 recent+old                        -> scoreable with 0
///   P3 no record                                  -> invisible
///   P4 an inquiry from source 1                   -> a file, never scoreable
inline hand_population two_sources() {
  hand_population h;
  const auto p0 = h.person("P0", "A"), p1 = h.person("P1", "B"), p2 = h.person("P2", "A");
  h.person("P3", "B");
  const auto p4 = h.person("P4", "B");
  h.account(p0, 0, true, false);
  h.account(p0, 1, false, true);
  h.account(p1, 0, true, true);
  h.account(p1, 1, true, true);
  h.account(p2, 0, true, true);
  h.inquiry(p4, 1);
  h.finish();
  return h;
}

}  // namespace credo::test
