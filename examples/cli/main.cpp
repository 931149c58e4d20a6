// credo: the command line. A researcher goes from a CSV to an audited scorecard without
// writing C++; a backend engineer from a model file to scores. See docs/cli.md.
//
// Errors print one line "credo: [id] message" on stderr and exit 1; usage errors exit 2.
#include "commands.hpp"

#include <credo/core/error.hpp>
#include <credo/version.hpp>

#include <cstdio>
#include <exception>
#include <vector>

int main(int argc, char** argv) {
  CLI::App app{"credo: credit scorecards, metrics, fairness and coverage", "credo"};
  app.set_version_flag("--version", credo::version_string);
  app.require_subcommand(1);
  std::vector<credo::cli::command> commands{credo::cli::add_bin(app), credo::cli::add_fit(app),
                                             credo::cli::add_score(app), credo::cli::add_report(app),
                                             credo::cli::add_coverage(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  try {
    for (auto& run : commands) {
      const int rc = run();
      if (rc >= 0) return rc;
    }
    return 2;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "credo: %s\n", e.what());
    return 1;
  }
}
