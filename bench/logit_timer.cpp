// Times credo's logistic regression on a data file written by bench/logit_vs_peers.py and
// prints the estimates, so that the script compares speed and accuracy with scikit-learn and
// statsmodels in the same run.
//
// usage: logit_timer FILE [THREADS [REPEAT]]
// FILE: int64 rows, int64 cols, then rows*cols float64 of X (column-major), then rows float64
// of y (0/1), little-endian. Prints one JSON object on stdout.
#include <credo/model/logistic_regression.hpp>

#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: logit_timer FILE [THREADS [REPEAT]]\n";
    return 2;
  }
  const unsigned threads = argc > 2 ? static_cast<unsigned>(std::stoul(argv[2])) : 0;
  const int repeat = argc > 3 ? std::stoi(argv[3]) : 3;
  std::ifstream in(argv[1], std::ios::binary);
  std::int64_t rows = 0, cols = 0;
  in.read(reinterpret_cast<char*>(&rows), 8);
  in.read(reinterpret_cast<char*>(&cols), 8);
  // X as numpy holds it: numpy advises the kernel to back arrays of 4 MiB and more with huge
  // pages (madvise MADV_HUGEPAGE), so the peers read their X through few TLB entries; credo's X
  // is allocated the same way (CREDO_LOGIT_SMALL_PAGES=1 turns this off, for comparison).
  const bool small_pages = std::getenv("CREDO_LOGIT_SMALL_PAGES") != nullptr;
  std::size_t bytes = ((8 * static_cast<std::size_t>(rows * cols)) + (2u << 20) - 1) / (2u << 20) * (2u << 20);
  auto* storage = static_cast<double*>(std::aligned_alloc(2u << 20, bytes));
  if (!small_pages) madvise(storage, bytes, MADV_HUGEPAGE);
  Eigen::Map<Eigen::MatrixXd> x(storage, rows, cols);
  Eigen::VectorXd y(rows);
  in.read(reinterpret_cast<char*>(x.data()), static_cast<std::streamsize>(8 * rows * cols));
  in.read(reinterpret_cast<char*>(y.data()), static_cast<std::streamsize>(8 * rows));
  if (!in) {
    std::cerr << "logit_timer: cannot read " << argv[1] << "\n";
    return 1;
  }
  // A plain read: the best of 5 streaming reads of X (integer sums of its 64-bit words, on
  // as many threads as credo uses, each a contiguous part): the speed a simple pass over
  // memory reaches here, printed beside the predictions as a yardstick (not a hard limit).
  const unsigned read_threads = threads != 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
  double read_seconds = 1e300;
  {
    const std::size_t words = static_cast<std::size_t>(rows * cols);
    std::vector<std::uint64_t> sums(read_threads);
    for (int pass = 0; pass < 5; ++pass) {
      const auto t0 = std::chrono::steady_clock::now();
      std::vector<std::thread> pool;
      for (unsigned t = 0; t < read_threads; ++t)
        pool.emplace_back([&, t] {
          const std::size_t b = words * t / read_threads, e = words * (t + 1) / read_threads;
          std::uint64_t acc[8] = {};
          std::size_t i = b;
          for (; i + 8 <= e; i += 8)
            for (int k = 0; k < 8; ++k) {
              std::uint64_t u;
              std::memcpy(&u, storage + i + k, 8);
              acc[k] += u;
            }
          for (; i < e; ++i) {
            std::uint64_t u;
            std::memcpy(&u, storage + i, 8);
            acc[0] += u;
          }
          for (auto a : acc) sums[t] += a;
        });
      for (auto& th : pool) th.join();
      read_seconds = std::min(read_seconds, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    volatile std::uint64_t sink = 0;
    for (auto v : sums) sink = sink + v;
  }

  std::vector<std::string> names;
  for (std::int64_t j = 0; j < cols; ++j) names.push_back("x" + std::to_string(j));

  credo::model::fit_options opt;
  opt.threads = threads;
  using clock = std::chrono::steady_clock;
  // Process CPU time (all threads): comparable with the peers' when the machine is shared.
  auto cpu = [] {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
  };
  std::vector<double> fit_times, predict_times, predict_into_times, fit_cpu;
  credo::model::logistic_regression<> m(opt);
  Eigen::VectorXd p, p_into(rows);
  for (int r = 0; r < repeat; ++r) {
    const double c0 = cpu();
    const auto t0 = clock::now();
    m.fit(x, y, names);
    const auto t1 = clock::now();
    fit_cpu.push_back(cpu() - c0);
    p = m.predict_proba(x);
    const auto t2 = clock::now();
    // The same predictions into a vector kept from the last repeat, as a service scoring batch
    // after batch would: no allocation, and the output's pages are already mapped.
    m.predict_proba(x, p_into);
    const auto t3 = clock::now();
    if (p_into != p) {
      std::cerr << "logit_timer: predictions into a buffer differ\n";
      return 1;
    }
    predict_into_times.push_back(std::chrono::duration<double>(t3 - t2).count());
    fit_times.push_back(std::chrono::duration<double>(t1 - t0).count());
    predict_times.push_back(std::chrono::duration<double>(t2 - t1).count());
  }
  std::sort(fit_times.begin(), fit_times.end());
  std::sort(predict_times.begin(), predict_times.end());
  std::sort(predict_into_times.begin(), predict_into_times.end());
  std::sort(fit_cpu.begin(), fit_cpu.end());
  auto list = [](const Eigen::VectorXd& v) {
    std::string s = "[";
    char buf[40];
    for (Eigen::Index i = 0; i < v.size(); ++i) {
      std::snprintf(buf, sizeof buf, "%.17g", v[i]);
      s += (i ? "," : "") + std::string(buf);
    }
    return s + "]";
  };
  std::cout << "{\"status\": \"" << credo::model::to_string(m.info()) << "\", \"iterations\": " << m.iterations()
            << ", \"threads\": " << threads << ", \"fit_seconds\": " << fit_times[fit_times.size() / 2]
            << ", \"fit_cpu_seconds\": " << fit_cpu[fit_cpu.size() / 2] << ", \"predict_seconds\": " << predict_times[predict_times.size() / 2]
            << ", \"predict_into_seconds\": " << predict_into_times[predict_into_times.size() / 2]
            << ", \"read_seconds\": " << read_seconds
            << ", \"params\": " << list(m.params()) << ", \"bse\": " << list(m.std_errors())
            << ", \"p_mean\": " << p.mean() << "}\n";
}
