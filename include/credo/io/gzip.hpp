// Reading gzip-compressed CSV (zlib; link credo::gzip). Including this header makes every
// csv_stream read gzip inputs (magic bytes 1f 8b) as well as plain ones; multi-member files
// (concatenated gzip streams, as `cat a.gz b.gz` makes) read as one. A damaged or truncated
// file is credo.io.gzip_corrupt naming the file and zlib's reason.
#pragma once

#include <credo/core/error.hpp>
#include <credo/io/csv_stream.hpp>

#include <zlib.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <memory>
#include <string>

namespace credo::io {

/// A gzip file read through zlib's gzread.
class gzip_source final : public byte_source {
public:
  explicit gzip_source(const std::string& path) : path_(path) {
    errno = 0;
    f_ = gzopen(path.c_str(), "rb");
    if (!f_)
      CREDO_THROW(io_error, "credo.csv.open_failed",
                  "'" + path + "': cannot open the file" + (errno ? std::string(": ") + std::strerror(errno) : ""));
    gzbuffer(f_, 1u << 17);
  }
  gzip_source(const gzip_source&) = delete;
  gzip_source& operator=(const gzip_source&) = delete;
  ~gzip_source() override { gzclose(f_); }

  std::size_t read(char* into, std::size_t n) override {
    const unsigned ask = static_cast<unsigned>(std::min<std::size_t>(n, INT_MAX));
    const int got = gzread(f_, into, ask);
    int err = Z_OK;
    const char* why = gzerror(f_, &err);
    if (got < 0 || (err != Z_OK && err != Z_STREAM_END))
      CREDO_THROW(io_error, "credo.io.gzip_corrupt",
                  "'" + path_ + "': the gzip data is damaged or truncated (" + (why ? why : "zlib error") + ")");
    return static_cast<std::size_t>(got);
  }
  std::uint64_t consumed() const noexcept override { return static_cast<std::uint64_t>(gzoffset(f_)); }

private:
  std::string path_;
  gzFile f_ = nullptr;
};

/// Opens `path` as a gzip byte source (stream_options::open_gzip takes it).
inline std::unique_ptr<byte_source> open_gzip(const std::string& path) { return std::make_unique<gzip_source>(path); }

namespace detail {
// Registered when the header is included, so that csv_stream reads gzip without being told.
inline const bool gzip_registered = (registered_gzip() = &open_gzip, true);
}  // namespace detail

}  // namespace credo::io
