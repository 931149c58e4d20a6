// credo: the command line. A researcher goes from a CSV to an audited scorecard without
// writing C++; a backend engineer from a model file to scores. See docs/cli.md.
//
// Every failure prints one line "credo: [id] message" on stderr and exits 1; usage errors
// (CLI11's) exit 2 with the id credo.cli.usage. Nothing is written unless the whole command
// succeeded, and temporary files are removed when a signal ends the process.
//
// Under mpirun (a build with MPI), every rank runs the command on its shards and rank 0
// alone writes; a rank that fails prints "credo: [credo.mpi.rank_failed] rank R of N:
// [id] message" and aborts the job (exit 1, nothing written). See docs/mpi.md.
#include "commands.hpp"
#include "common.hpp"
#include "job.hpp"

#include <credo/core/error.hpp>
#include <credo/io/atomic_file.hpp>
#include <credo/version.hpp>

#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

namespace {

/// One line: newlines and other control bytes in a message are shown escaped.
void fail_line(const std::string& id, const std::string& message) {
  credo::cli::progress_done();  // an error never shares a line with the progress line
  std::fflush(stdout);
  std::string line = "credo: ";
  if (!id.empty()) line += "[" + id + "] ";
  for (char c : message) {
    if (c == '\n') line += "\\n";
    else if (c == '\r') line += "\\r";
    else if (c == '\t') line += ' ';
    else line += c;
  }
  std::fprintf(stderr, "%s\n", line.c_str());
}

/// A command failed: its line, or under MPI the rank's line, and the end of the whole job.
void fail_command(const credo::cli::mpi_session& mpi, const std::string& id, const std::string& message) {
  if (!mpi.active()) return fail_line(id, message);
  fail_line("credo.mpi.rank_failed", credo::cli::mpi_session::rank_failed((id.empty() ? "" : "[" + id + "] ") + message));
  std::fflush(stderr);
  mpi.abort_job();
}

}  // namespace

int main(int argc, char** argv) {
  credo::io::remove_temporaries_on_signal();
  credo::cli::mpi_session mpi(argc, argv);
  CLI::App app{"credo: credit scorecards, metrics, fairness and coverage", "credo"};
  app.set_version_flag("--version", credo::version_string);
  app.require_subcommand(1);
  app.footer("Run credo COMMAND --help for a command's options, an example and its exit codes.\n"
             "Exit codes: 0 success, 1 an error, 2 a usage error. More: docs/cli.md");
  std::vector<credo::cli::command> commands{credo::cli::add_bin(app), credo::cli::add_fit(app),
                                             credo::cli::add_score(app), credo::cli::add_report(app),
                                             credo::cli::add_coverage(app), credo::cli::add_synth(app), credo::cli::add_features(app),
                                             credo::cli::add_export(app),
                                             credo::cli::add_import(app),
                                             credo::cli::add_monitor(app), credo::cli::add_explain(app)};
  std::string names;
  bool known = false;
  for (const auto* s : app.get_subcommands({})) {
    names += (names.empty() ? "" : ", ") + s->get_name();
    known = known || (argc > 1 && s->get_name() == argv[1]);
  }
  if (argc > 1 && argv[1][0] != '-' && !known) {
    fail_line("credo.cli.unknown_command", std::string("no command '") + argv[1] + "' (commands: " + names + ")");
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const auto* sub = app.get_subcommands().empty() ? nullptr : app.get_subcommands().front();
    fail_line("credo.cli.usage", std::string(e.what()) + " (see credo " + (sub ? sub->get_name() + " " : "") + "--help)");
    return 2;
  }
  try {
    for (auto& run : commands) {
      const int rc = run();
      if (rc >= 0) return rc;
    }
    return 2;
  } catch (const nlohmann::json::exception& e) {
    fail_command(mpi, "credo.cli.json", e.what());
  } catch (const std::bad_alloc&) {
    fail_command(mpi, "credo.cli.out_of_memory", "out of memory");
  } catch (const std::exception& e) {
    // A credo error's what() already carries "[id] message".
    fail_command(mpi, dynamic_cast<const credo::error_info*>(&e) ? "" : "credo.cli.internal", e.what());
  }
  return 1;
}
