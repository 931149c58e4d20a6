// Times credo's exact AUC and KS on scores from a binary file, for bench/auc_vs_sklearn.py.
// File: uint64 n, n float64 scores (higher = riskier), n uint8 targets (bad = 1).
// Prints one JSON line: {"n":…, "auc":…, "auc_seconds":…, "ks":…, "ks_seconds":…}
// Each time covers filling the accumulator and value(), best of `repeat` runs; *_cpu_seconds
// is the process CPU time (std::clock), steadier than wall time on a shared machine.
#include <credo/metrics.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: metrics_timer FILE [repeat]\n";
    return 2;
  }
  const int repeat = argc > 2 ? std::atoi(argv[2]) : 3;
  std::ifstream in(argv[1], std::ios::binary);
  std::uint64_t n = 0;
  in.read(reinterpret_cast<char*>(&n), sizeof n);
  std::vector<double> score(n);
  std::vector<std::uint8_t> bad(n);
  in.read(reinterpret_cast<char*>(score.data()), static_cast<std::streamsize>(n * sizeof(double)));
  in.read(reinterpret_cast<char*>(bad.data()), static_cast<std::streamsize>(n));
  if (!in) {
    std::cerr << "metrics_timer: cannot read " << argv[1] << "\n";
    return 1;
  }
  using clock = std::chrono::steady_clock;
  namespace m = credo::metrics;
  double auc = 0, ks = 0, ks_at = 0, t_auc = 1e300, t_ks = 1e300, c_auc = 1e300, c_ks = 1e300;
  auto cpu = [] { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; };
  for (int r = 0; r < repeat; ++r) {
    const double c0 = cpu();
    auto t0 = clock::now();
    m::auc<double> a(m::direction::higher_is_riskier);
    a.fill(score, bad);
    auc = a.value();
    auto t1 = clock::now();
    const double c1 = cpu();
    m::ks<double> k;
    k.fill(score, bad);
    const auto kr = k.result();
    auto t2 = clock::now();
    const double c2 = cpu();
    c_auc = std::min(c_auc, c1 - c0);
    c_ks = std::min(c_ks, c2 - c1);
    ks = kr.value;
    ks_at = kr.at_score;
    t_auc = std::min(t_auc, std::chrono::duration<double>(t1 - t0).count());
    t_ks = std::min(t_ks, std::chrono::duration<double>(t2 - t1).count());
  }
  std::printf(
      "{\"n\": %llu, \"auc\": %.17g, \"auc_seconds\": %.6f, \"auc_cpu_seconds\": %.6f, \"ks\": %.17g, "
      "\"ks_at\": %.17g, \"ks_seconds\": %.6f, \"ks_cpu_seconds\": %.6f}\n",
      static_cast<unsigned long long>(n), auc, t_auc, c_auc, ks, ks_at, t_ks, c_ks);
  return 0;
}
