// The concepts every area shares. See docs/concepts.md.
#pragma once

#include <concepts>

namespace credo {

/// A partial result that merges exactly: copyable, `a += b` adds b's rows to a (a thread's,
/// a shard's or an MPI rank's part), `a == b` says two parts hold the same rows' statistics
/// (exact comparison: merging in a fixed order gives equal parts bit for bit).
template <class A>
concept mergeable = std::copy_constructible<A> && std::equality_comparable<A> && requires(A& a, const A& b) {
  { a += b } -> std::same_as<A&>;
};

/// A statistic computed over rows (DESIGN.md, "Statistics are mergeable"): mergeable, and,
/// given the types of a row, `a(row...)` adds one row. As Boost.Histogram's Accumulator
/// concept (doc/concepts/Accumulator.qbk): fill by call, merge with +=, compare with ==.
/// accumulator<A> checks the merge and the comparison; accumulator<A, Row...> also the fill.
template <class A, class... Row>
concept accumulator = mergeable<A> && (sizeof...(Row) == 0 || std::invocable<A&, Row...>);

}  // namespace credo
