// Times credo's logistic regression on a data file written by bench/logit_vs_peers.py and
// prints the estimates, so that the script compares speed and accuracy with scikit-learn and
// statsmodels in the same run.
//
// usage: logit_timer FILE [THREADS [REPEAT]]
// FILE: int64 rows, int64 cols, then rows*cols float64 of X (column-major), then rows float64
// of y (0/1), little-endian. Prints one JSON object on stdout.
#include <credo/model/logistic_regression.hpp>

#include <algorithm>
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
  Eigen::MatrixXd x(rows, cols);
  Eigen::VectorXd y(rows);
  in.read(reinterpret_cast<char*>(x.data()), static_cast<std::streamsize>(8 * rows * cols));
  in.read(reinterpret_cast<char*>(y.data()), static_cast<std::streamsize>(8 * rows));
  if (!in) {
    std::cerr << "logit_timer: cannot read " << argv[1] << "\n";
    return 1;
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
  std::vector<double> fit_times, predict_times, fit_cpu;
  credo::model::logistic_regression<> m(opt);
  Eigen::VectorXd p;
  for (int r = 0; r < repeat; ++r) {
    const double c0 = cpu();
    const auto t0 = clock::now();
    m.fit(x, y, names);
    const auto t1 = clock::now();
    fit_cpu.push_back(cpu() - c0);
    p = m.predict_proba(x);
    const auto t2 = clock::now();
    fit_times.push_back(std::chrono::duration<double>(t1 - t0).count());
    predict_times.push_back(std::chrono::duration<double>(t2 - t1).count());
  }
  std::sort(fit_times.begin(), fit_times.end());
  std::sort(predict_times.begin(), predict_times.end());
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
            << ", \"params\": " << list(m.params()) << ", \"bse\": " << list(m.std_errors())
            << ", \"p_mean\": " << p.mean() << "}\n";
}
