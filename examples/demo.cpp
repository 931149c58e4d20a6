// The main job: reads the German credit data and describes its columns.
#include <credo/credo.hpp>

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  try {
    const std::string path = argc > 1 ? argv[1] : CREDO_DATA_DIR "/german_credit.csv";
    credo::io::csv_options opt;
    opt.target = "class";
    opt.bad_value = "bad";
    const auto t = credo::io::read_csv(path, opt);
    std::printf("%zu rows, %zu columns, target '%s'\n", t.rows(), t.columns(),
                t.target_name().c_str());
    for (const auto& c : t)
      std::printf("  %-24s %s\n", c.name().c_str(), credo::to_string(c.kind()));
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "credo_demo: %s\n", e.what());
    return 1;
  }
}
