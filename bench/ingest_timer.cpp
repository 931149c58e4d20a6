// Times csv_stream reading a CSV file into typed columns, for bench/ingest_vs_pandas.py.
//
// usage: ingest_timer FILE [THREADS [REPEAT [CHUNK_MB]]]
// Prints one JSON object on stdout: the best wall and CPU time of REPEAT full reads, rows,
// cells and a checksum of the numbers (so that no read is optimised away).
#include <credo/io/csv_stream.hpp>
#if __has_include(<zlib.h>) && defined(CREDO_HAS_GZIP)
#include <credo/io/gzip.hpp>
#endif

#include <chrono>
#include <cmath>
#include <ctime>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: ingest_timer FILE [THREADS [REPEAT [CHUNK_MB]]]\n";
    return 2;
  }
  credo::io::stream_options so;
  so.threads = argc > 2 ? std::stoul(argv[2]) : 0;
  const int repeat = argc > 3 ? std::stoi(argv[3]) : 3;
  if (argc > 4) so.chunk_bytes = std::stoul(argv[4]) << 20;
  double best = 1e300, best_cpu = 1e300, checksum = 0;
  std::size_t rows = 0, cells = 0;
  std::uint64_t bytes = 0;
  try {
    for (int pass = 0; pass < repeat; ++pass) {
      const auto t0 = std::chrono::steady_clock::now();
      const std::clock_t c0 = std::clock();
      credo::io::csv_stream in({argv[1]}, {}, so);
      credo::io::csv_chunk chunk;
      rows = cells = 0;
      checksum = 0;
      while (in.next(chunk)) {
        rows += chunk.data.rows();
        for (const auto& col : chunk.data) {
          cells += col.size();
          if (col.is_numeric())
            for (double v : col.values()) checksum += std::isnan(v) ? 0 : v;
        }
      }
      bytes = in.bytes_done();
      const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
      best = std::min(best, wall);
      best_cpu = std::min(best_cpu, cpu);
    }
  } catch (const std::exception& e) {
    std::cerr << "ingest_timer: " << e.what() << "\n";
    return 1;
  }
  std::cout << "{\"seconds\": " << best << ", \"cpu_seconds\": " << best_cpu << ", \"rows\": " << rows
            << ", \"cells\": " << cells << ", \"bytes\": " << bytes << ", \"threads\": " << so.threads
            << ", \"checksum\": " << checksum << "}\n";
  return 0;
}
