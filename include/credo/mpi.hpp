// credo over MPI: merges any serializable credo accumulator (core/archive.hpp) over a
// communicator, and broadcasts what rank 0 decides (IRLS coefficients, cut points).
// Needs MPI (the C API; CMake target credo::mpi); the header-only core does not.
//
// Why N ranks give one process's figures bit for bit: floating-point addition is not
// associative, so ((a + b) + c) and (a + (b + c)) may differ in the last bit. A job is cut
// into shards, and every accumulator is filled per shard. ordered_merge sends every rank's
// (shard index, accumulator) parts to rank 0, which merges them in increasing shard index,
// ((s0 += s1) += s2) += ..., and broadcasts the result. The order of the sums is fixed by the
// shard indices alone: never by the rank count, which rank held a shard, or the order in which
// the parts arrived. One process that merges the same per-shard accumulators in shard order
// performs the same additions in the same order and gets the same bits (docs/mpi.md).
//
// Every function here is collective: each rank of `comm` calls it, in the same order. An error
// found on rank 0 (two ranks claiming one shard, a part that does not merge) is sent to every
// rank, which throws the same error, so no rank is left waiting in a collective.
#pragma once

#include <credo/core/archive.hpp>
#include <credo/core/error.hpp>

#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace credo::mpi {

namespace detail {

inline void check(int rc, const char* call) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(rc, text, &len);
  CREDO_THROW(io_error, "credo.mpi.call_failed", std::string(call) + " failed: " + std::string(text, static_cast<std::size_t>(len)));
}

inline int rank(MPI_Comm comm) {
  int r = 0;
  check(MPI_Comm_rank(comm, &r), "MPI_Comm_rank");
  return r;
}
inline int size(MPI_Comm comm) {
  int n = 0;
  check(MPI_Comm_size(comm, &n), "MPI_Comm_size");
  return n;
}

/// The largest message sent in one call (MPI counts are int); larger buffers go in pieces.
inline std::size_t& max_message() {
  static std::size_t bytes = std::size_t{1} << 30;
  return bytes;
}

/// Broadcasts a byte buffer of any size from root (its size first, then pieces).
inline void broadcast_bytes(MPI_Comm comm, std::vector<std::byte>& bytes, int root) {
  std::uint64_t n = bytes.size();
  check(MPI_Bcast(&n, 1, MPI_UINT64_T, root, comm), "MPI_Bcast");
  bytes.resize(static_cast<std::size_t>(n));
  for (std::size_t at = 0; at < bytes.size(); at += max_message()) {
    const int piece = static_cast<int>(std::min(max_message(), bytes.size() - at));
    check(MPI_Bcast(bytes.data() + at, piece, MPI_BYTE, root, comm), "MPI_Bcast");
  }
}

/// Rank 0 receives every rank's buffer (the others get an empty list): MPI_Gather of the
/// sizes, then MPI_Gatherv of the bytes, or point-to-point pieces when the total exceeds one
/// message.
inline std::vector<std::vector<std::byte>> gather_bytes(MPI_Comm comm, const std::vector<std::byte>& mine) {
  const int me = rank(comm), n = size(comm);
  std::uint64_t my_size = mine.size();
  std::vector<std::uint64_t> sizes(me == 0 ? static_cast<std::size_t>(n) : 0);
  check(MPI_Gather(&my_size, 1, MPI_UINT64_T, sizes.data(), 1, MPI_UINT64_T, 0, comm), "MPI_Gather");
  // Every rank must take the same path: rank 0 says which.
  std::uint64_t total = 0;
  for (auto s : sizes) total += s;
  check(MPI_Bcast(&total, 1, MPI_UINT64_T, 0, comm), "MPI_Bcast");
  std::vector<std::vector<std::byte>> all(sizes.size());
  for (std::size_t r = 0; r < sizes.size(); ++r) all[r].resize(static_cast<std::size_t>(sizes[r]));
  if (total <= max_message()) {
    std::vector<int> counts(sizes.size()), displs(sizes.size());
    std::vector<std::byte> flat(me == 0 ? static_cast<std::size_t>(total) : 0);
    int at = 0;
    for (std::size_t r = 0; r < sizes.size(); ++r) {
      counts[r] = static_cast<int>(sizes[r]);
      displs[r] = at;
      at += counts[r];
    }
    check(MPI_Gatherv(mine.data(), static_cast<int>(mine.size()), MPI_BYTE, flat.data(), counts.data(),
                      displs.data(), MPI_BYTE, 0, comm),
          "MPI_Gatherv");
    for (std::size_t r = 0; r < sizes.size(); ++r)
      if (counts[r] > 0) std::memcpy(all[r].data(), flat.data() + displs[r], static_cast<std::size_t>(counts[r]));
    return all;
  }
  constexpr int tag = 4242;
  if (me == 0) {
    all[0] = mine;
    for (int r = 1; r < n; ++r)
      for (std::size_t at = 0; at < all[r].size(); at += max_message()) {
        const int piece = static_cast<int>(std::min(max_message(), all[r].size() - at));
        check(MPI_Recv(all[r].data() + at, piece, MPI_BYTE, r, tag, comm, MPI_STATUS_IGNORE), "MPI_Recv");
      }
  } else {
    for (std::size_t at = 0; at < mine.size(); at += max_message()) {
      const int piece = static_cast<int>(std::min(max_message(), mine.size() - at));
      check(MPI_Send(mine.data() + at, piece, MPI_BYTE, 0, tag, comm), "MPI_Send");
    }
  }
  return all;
}

/// Rank 0's verdict for every rank: an empty message means success; otherwise every rank
/// throws the error rank 0 met, with its id and text.
inline void share_outcome(MPI_Comm comm, const std::string& id, const std::string& message) {
  std::vector<std::byte> text;
  if (rank(comm) == 0 && !id.empty()) {
    const std::string all = id + '\n' + message;
    text.resize(all.size());
    std::memcpy(text.data(), all.data(), all.size());
  }
  broadcast_bytes(comm, text, 0);
  if (text.empty()) return;
  const std::string all(reinterpret_cast<const char*>(text.data()), text.size());
  const auto nl = all.find('\n');
  const std::string got_id = all.substr(0, nl), got = all.substr(nl + 1);
  if (got_id == "credo.mpi.duplicate_shard") CREDO_THROW(invalid_input, "credo.mpi.duplicate_shard", got);
  CREDO_THROW(invalid_input, "credo.mpi.merge_failed", got);
}

}  // namespace detail

/// The merge, in increasing shard index, of every rank's (shard index, accumulator) parts:
/// the first part is moved in, each next one added with +=. Every rank returns the same value
/// (rank 0 broadcasts it). A rank may pass no parts; when no rank passes any, the result is
/// an empty T (T{}, or the one credo::archive_access makes). Throws, on every rank,
/// credo.mpi.duplicate_shard when two parts claim one shard index and credo.mpi.merge_failed
/// when the parts do not merge (the inner error's text follows).
template <class T>
T ordered_merge(MPI_Comm comm, std::vector<std::pair<std::size_t, T>> parts) {
  const int me = detail::rank(comm);
  // Rank 0 keeps its own parts as they are; the others send theirs as bytes:
  // count, then per part its shard index, its length and to_bytes(part).
  std::vector<std::byte> mine;
  if (me != 0) {
    byte_writer w;
    w(static_cast<std::uint64_t>(parts.size()));
    for (const auto& [shard, part] : parts) {
      const auto bytes = to_bytes(part);
      w(static_cast<std::uint64_t>(shard), static_cast<std::uint64_t>(bytes.size()));
      w.raw(bytes.data(), bytes.size());
    }
    mine = std::move(w).bytes();
  }
  auto all = detail::gather_bytes(comm, mine);

  std::vector<std::byte> result;
  std::string error_id, error;
  if (me == 0) {
    try {
      std::vector<std::pair<std::size_t, int>> order;  // (shard, owner rank) of every part
      std::vector<std::pair<std::size_t, T>> received;
      for (const auto& [shard, part] : parts) order.emplace_back(shard, 0);
      for (std::size_t r = 1; r < all.size(); ++r) {
        byte_reader rd(all[r], "the parts of rank " + std::to_string(r));
        std::uint64_t count = 0;
        rd(count);
        for (std::uint64_t i = 0; i < count; ++i) {
          std::uint64_t shard = 0, length = 0;
          rd(shard, length);
          rd.check(length <= rd.remaining(), "a part longer than the message");
          std::vector<std::byte> bytes(static_cast<std::size_t>(length));
          rd.raw(bytes.data(), bytes.size());
          received.emplace_back(static_cast<std::size_t>(shard), from_bytes<T>(bytes));
          order.emplace_back(static_cast<std::size_t>(shard), static_cast<int>(r));
        }
      }
      // The merge order: by shard index alone.
      std::vector<std::pair<std::size_t, T*>> by_shard;
      for (auto& [shard, part] : parts) by_shard.emplace_back(shard, &part);
      for (auto& [shard, part] : received) by_shard.emplace_back(shard, &part);
      std::vector<std::size_t> owner_index(by_shard.size());
      for (std::size_t i = 0; i < owner_index.size(); ++i) owner_index[i] = i;
      std::stable_sort(owner_index.begin(), owner_index.end(),
                       [&](std::size_t a, std::size_t b) { return by_shard[a].first < by_shard[b].first; });
      for (std::size_t i = 1; i < owner_index.size(); ++i)
        if (by_shard[owner_index[i]].first == by_shard[owner_index[i - 1]].first) {
          error_id = "credo.mpi.duplicate_shard";
          error = "shard " + std::to_string(by_shard[owner_index[i]].first) + " is passed by rank " +
                  std::to_string(order[owner_index[i - 1]].second) + " and by rank " +
                  std::to_string(order[owner_index[i]].second) + "; each shard belongs to one rank";
          break;
        }
      if (error_id.empty()) {
        if (!owner_index.empty()) {
          T merged = std::move(*by_shard[owner_index[0]].second);
          for (std::size_t i = 1; i < owner_index.size(); ++i) merged += *by_shard[owner_index[i]].second;
          result = to_bytes(merged);
        }
      }
    } catch (const std::exception& e) {
      error_id = "credo.mpi.merge_failed";
      error = std::string("rank 0 could not merge the parts: ") + e.what();
    }
  }
  detail::share_outcome(comm, error_id, error);
  detail::broadcast_bytes(comm, result, 0);
  if (result.empty()) return archive_access::make<T>();
  return from_bytes<T>(result);
}

/// The merge of every rank's `local`, in rank order (ordered_merge with the rank as index).
template <class T>
T reduce(MPI_Comm comm, const T& local) {
  std::vector<std::pair<std::size_t, T>> parts;
  parts.emplace_back(static_cast<std::size_t>(detail::rank(comm)), local);
  return ordered_merge(comm, std::move(parts));
}

/// Gives every rank root's value of a serializable `value` (its bytes, to_bytes).
template <class T>
void broadcast(MPI_Comm comm, T& value, int root = 0) {
  std::vector<std::byte> bytes;
  if (detail::rank(comm) == root) bytes = to_bytes(value);
  detail::broadcast_bytes(comm, bytes, root);
  if (detail::rank(comm) != root) from_bytes(bytes, value);
}

/// Gives every rank root's values (e.g. the IRLS coefficients of the next step), bit for bit.
inline void broadcast(MPI_Comm comm, std::vector<double>& values, int root = 0) {
  std::uint64_t n = values.size();
  detail::check(MPI_Bcast(&n, 1, MPI_UINT64_T, root, comm), "MPI_Bcast");
  values.resize(static_cast<std::size_t>(n));
  for (std::size_t at = 0; at < values.size(); at += detail::max_message() / sizeof(double)) {
    const int piece = static_cast<int>(std::min(detail::max_message() / sizeof(double), values.size() - at));
    detail::check(MPI_Bcast(values.data() + at, piece, MPI_DOUBLE, root, comm), "MPI_Bcast");
  }
}

}  // namespace credo::mpi
