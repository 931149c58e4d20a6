// A small binary archive for accumulators, so that a partial result can travel between
// processes (MPI ranks, credo/mpi.hpp) or be kept in a file and merged later.
//
// A type takes part through one member, as in Boost.Serialization, used for both directions:
//   template <class Archive> void serialize(Archive& ar) { ar(goods_, bads_, rows_); }
// byte_writer writes the members in that order, byte_reader reads them back in the same order.
// Archive::loading says which one runs, for a type that must rebuild state (a hash table) or
// check what it read (ar.check). Written: arithmetic types and enums (their bytes, native
// byte order), std::string, std::vector, C arrays, std::array, std::pair, std::map and
// std::unordered_map (written in key order, so equal contents give equal bytes), dense Eigen
// matrices (anything with rows(), cols(), data() and resize(r, c)) and nested types with
// their own serialize.
//
// to_bytes(x) prefixes a header: "CRDO", the format version, the byte order and the type's
// name; from_bytes<T>(bytes) refuses a buffer whose header does not match T, one that ends
// early, and one with bytes left over (errors credo.archive.*, docs/errors.md).
#pragma once

#include <credo/core/error.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace credo {

/// Constructs a type for loading; a type without a public default constructor befriends it
/// (friend struct credo::archive_access) and gives a private one.
struct archive_access {
  template <class T>
  static T make() {
    return T();
  }
};

namespace detail {

/// The name of T as the compiler spells it (GCC and Clang: "credo::metrics::auc<double>").
template <class T>
constexpr std::string_view archive_type_name() {
  std::string_view f = __PRETTY_FUNCTION__;
  const auto start = f.find("T = ") + 4;
  const auto end = f.find_first_of(";]", start);
  return f.substr(start, end - start);
}

template <class T>
concept dense_matrix = requires(T& m, const T& c) {
  c.rows();
  c.cols();
  c.data();
  m.resize(c.rows(), c.cols());
  typename T::Scalar;
};

template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};
template <class T>
struct is_map : std::false_type {};
template <class K, class V, class C, class A>
struct is_map<std::map<K, V, C, A>> : std::true_type {};
template <class K, class V, class H, class E, class A>
struct is_map<std::unordered_map<K, V, H, E, A>> : std::true_type {};
template <class T>
struct is_pair : std::false_type {};
template <class A, class B>
struct is_pair<std::pair<A, B>> : std::true_type {};
template <class T>
struct is_std_array : std::false_type {};
template <class T, std::size_t N>
struct is_std_array<std::array<T, N>> : std::true_type {};

inline constexpr char archive_magic[4] = {'C', 'R', 'D', 'O'};
inline constexpr std::uint16_t archive_version = 1;
inline constexpr std::uint8_t archive_byte_order = std::endian::native == std::endian::little ? 1 : 2;

}  // namespace detail

/// Writes values into a growing byte buffer.
class byte_writer {
public:
  static constexpr bool loading = false;

  template <class... T>
  byte_writer& operator()(const T&... x) {
    (put(x), ...);
    return *this;
  }
  template <class T>
  byte_writer& operator&(const T& x) {
    put(x);
    return *this;
  }
  /// A reader's invariant check; nothing to check when writing.
  void check(bool, const char*) const noexcept {}

  const std::vector<std::byte>& bytes() const& noexcept { return bytes_; }
  std::vector<std::byte> bytes() && noexcept { return std::move(bytes_); }

  void raw(const void* p, std::size_t n) {
    const auto* b = static_cast<const std::byte*>(p);
    bytes_.insert(bytes_.end(), b, b + n);
  }

private:
  void count(std::size_t n) { put(static_cast<std::uint64_t>(n)); }

  template <class T>
  void put(const T& x) {
    if constexpr (std::is_same_v<T, bool>) {
      const std::uint8_t b = x ? 1 : 0;
      raw(&b, 1);
    } else if constexpr (std::is_enum_v<T>) {
      put(static_cast<std::underlying_type_t<T>>(x));
    } else if constexpr (std::is_integral_v<T> && sizeof(T) < 8) {
      raw(&x, sizeof(T));
    } else if constexpr (std::is_integral_v<T>) {
      const auto v = static_cast<std::conditional_t<std::is_signed_v<T>, std::int64_t, std::uint64_t>>(x);
      raw(&v, 8);
    } else if constexpr (std::is_floating_point_v<T>) {
      raw(&x, sizeof(T));
    } else if constexpr (std::is_same_v<T, std::string>) {
      count(x.size());
      raw(x.data(), x.size());
    } else if constexpr (std::is_array_v<T> || detail::is_std_array<T>::value) {
      for (const auto& e : x) put(e);
    } else if constexpr (detail::is_vector<T>::value) {
      count(x.size());
      using E = typename T::value_type;
      if constexpr (std::is_arithmetic_v<E> && !std::is_same_v<E, bool>) {
        raw(x.data(), x.size() * sizeof(E));
      } else {
        for (const auto& e : x) put(static_cast<const E&>(e));
      }
    } else if constexpr (detail::is_pair<T>::value) {
      put(x.first);
      put(x.second);
    } else if constexpr (detail::is_map<T>::value) {
      // In key order: two maps with equal contents give equal bytes whatever their history.
      std::vector<const typename T::value_type*> entries;
      entries.reserve(x.size());
      for (const auto& e : x) entries.push_back(&e);
      std::sort(entries.begin(), entries.end(), [](auto* a, auto* b) { return a->first < b->first; });
      count(entries.size());
      for (const auto* e : entries) {
        put(e->first);
        put(e->second);
      }
    } else if constexpr (detail::dense_matrix<T>) {
      count(static_cast<std::size_t>(x.rows()));
      count(static_cast<std::size_t>(x.cols()));
      raw(x.data(), static_cast<std::size_t>(x.rows() * x.cols()) * sizeof(typename T::Scalar));
    } else {
      // serialize is one function for both directions; writing leaves the value unchanged.
      const_cast<T&>(x).serialize(*this);
    }
  }

  std::vector<std::byte> bytes_;
};

/// Reads values from a byte buffer in the order byte_writer wrote them. `what` names the
/// buffer in errors ("bytes of credo::binning::bin_counts").
class byte_reader {
public:
  static constexpr bool loading = true;

  explicit byte_reader(std::span<const std::byte> bytes, std::string what = "the buffer")
      : bytes_(bytes), what_(std::move(what)) {}

  template <class... T>
  byte_reader& operator()(T&... x) {
    (get(x), ...);
    return *this;
  }
  template <class T>
  byte_reader& operator&(T& x) {
    get(x);
    return *this;
  }
  /// Refuses what no writer could have produced (e.g. vectors of unequal lengths).
  void check(bool ok, const char* what) const {
    if (!ok) CREDO_THROW(invalid_input, "credo.archive.bad_value", what_ + ": " + what);
  }

  std::size_t remaining() const noexcept { return bytes_.size() - at_; }
  std::size_t position() const noexcept { return at_; }

  void raw(void* p, std::size_t n) {
    need(n);
    if (n > 0) std::memcpy(p, bytes_.data() + at_, n);
    at_ += n;
  }

private:
  void need(std::size_t n) const {
    if (n > remaining())
      CREDO_THROW(invalid_input, "credo.archive.truncated",
                  what_ + ": ends at byte " + std::to_string(bytes_.size()) + ", " + std::to_string(n) +
                      " more bytes needed at byte " + std::to_string(at_));
  }
  // A count read from the buffer, bounded by the bytes left (each element takes at least
  // `min_bytes`): a damaged count never allocates more than the buffer could hold.
  std::size_t count(std::size_t min_bytes) {
    std::uint64_t n = 0;
    raw(&n, 8);
    if (min_bytes > 0 && n > remaining() / min_bytes) need(static_cast<std::size_t>(std::min<std::uint64_t>(n, SIZE_MAX / 2)) * min_bytes);
    return static_cast<std::size_t>(n);
  }

  template <class T>
  void get(T& x) {
    if constexpr (std::is_same_v<T, bool>) {
      std::uint8_t b = 0;
      raw(&b, 1);
      check(b <= 1, "a bool is neither 0 nor 1");
      x = b != 0;
    } else if constexpr (std::is_enum_v<T>) {
      std::underlying_type_t<T> v{};
      get(v);
      x = static_cast<T>(v);
    } else if constexpr (std::is_integral_v<T> && sizeof(T) < 8) {
      raw(&x, sizeof(T));
    } else if constexpr (std::is_integral_v<T>) {
      std::conditional_t<std::is_signed_v<T>, std::int64_t, std::uint64_t> v = 0;
      raw(&v, 8);
      x = static_cast<T>(v);
    } else if constexpr (std::is_floating_point_v<T>) {
      raw(&x, sizeof(T));
    } else if constexpr (std::is_same_v<T, std::string>) {
      x.resize(count(1));
      raw(x.data(), x.size());
    } else if constexpr (std::is_array_v<T> || detail::is_std_array<T>::value) {
      for (auto& e : x) get(e);
    } else if constexpr (detail::is_vector<T>::value) {
      using E = typename T::value_type;
      if constexpr (std::is_arithmetic_v<E> && !std::is_same_v<E, bool>) {
        x.resize(count(sizeof(E)));
        raw(x.data(), x.size() * sizeof(E));
      } else if constexpr (std::is_same_v<E, bool>) {
        x.resize(count(1));
        for (std::size_t i = 0; i < x.size(); ++i) {
          bool b = false;
          get(b);
          x[i] = b;
        }
      } else {
        const std::size_t n = count(1);
        x.clear();
        x.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
          x.push_back(archive_access::make<E>());
          get(x.back());
        }
      }
    } else if constexpr (detail::is_pair<T>::value) {
      get(x.first);
      get(x.second);
    } else if constexpr (detail::is_map<T>::value) {
      const std::size_t n = count(1);
      x.clear();
      for (std::size_t i = 0; i < n; ++i) {
        typename T::key_type k{};
        typename T::mapped_type v{};
        get(k);
        get(v);
        check(x.emplace(std::move(k), std::move(v)).second, "a map holds the same key twice");
      }
    } else if constexpr (detail::dense_matrix<T>) {
      using S = typename T::Scalar;
      const std::size_t r = count(0), c = count(0);
      if (c != 0 && r > remaining() / sizeof(S) / c) need(remaining() + 1);
      x.resize(static_cast<decltype(x.rows())>(r), static_cast<decltype(x.cols())>(c));
      raw(x.data(), r * c * sizeof(S));
    } else {
      x.serialize(*this);
    }
  }

  std::span<const std::byte> bytes_;
  std::size_t at_ = 0;
  std::string what_;
};

/// The bytes of x: the header (magic, format version, byte order, T's name), then x's members.
template <class T>
std::vector<std::byte> to_bytes(const T& x) {
  byte_writer w;
  w.raw(detail::archive_magic, 4);
  w(detail::archive_version, detail::archive_byte_order, std::string(detail::archive_type_name<T>()));
  w(x);
  return std::move(w).bytes();
}

/// Reads into `into` (a configured value, for a type without a default constructor) the
/// bytes to_bytes wrote for a T. Throws credo.archive.format (not a credo archive, another
/// format version or byte order), credo.archive.type_mismatch, credo.archive.truncated,
/// credo.archive.bad_value and credo.archive.trailing_bytes.
template <class T>
void from_bytes(std::span<const std::byte> bytes, T& into) {
  const std::string want(detail::archive_type_name<T>());
  byte_reader r(bytes, "bytes of " + want);
  char magic[4] = {};
  if (bytes.size() < 4 || (r.raw(magic, 4), std::memcmp(magic, detail::archive_magic, 4) != 0))
    CREDO_THROW(invalid_input, "credo.archive.format",
                "bytes of " + want + ": not a credo archive (no 'CRDO' header in " + std::to_string(bytes.size()) +
                    " bytes)");
  std::uint16_t version = 0;
  std::uint8_t order = 0;
  r(version, order);
  if (version != detail::archive_version)
    CREDO_THROW(invalid_input, "credo.archive.format",
                "bytes of " + want + ": archive format version " + std::to_string(version) + ", this build reads version " +
                    std::to_string(detail::archive_version));
  if (order != detail::archive_byte_order)
    CREDO_THROW(invalid_input, "credo.archive.format",
                "bytes of " + want + ": written on a machine of the other byte order");
  std::string name;
  r(name);
  if (name != want)
    CREDO_THROW(invalid_input, "credo.archive.type_mismatch", "the buffer holds a " + name + ", not a " + want);
  r(into);
  if (r.remaining() != 0)
    CREDO_THROW(invalid_input, "credo.archive.trailing_bytes",
                "bytes of " + want + ": " + std::to_string(r.remaining()) + " bytes left after the value (at byte " +
                    std::to_string(r.position()) + ")");
}

/// The T to_bytes wrote (see the other overload for the errors).
template <class T>
T from_bytes(std::span<const std::byte> bytes) {
  T x = archive_access::make<T>();
  from_bytes(bytes, x);
  return x;
}

/// A type whose value round-trips through to_bytes / from_bytes.
template <class T>
concept serializable = requires(T& x, byte_writer& w, byte_reader& r) {
  w(x);
  r(x);
};

}  // namespace credo
