// The commands of the credo command line; each registers its options on a CLI11 subcommand
// and returns the function that runs it.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace credo::cli {

using command = std::function<int()>;

command add_bin(CLI::App& app);
command add_fit(CLI::App& app);
command add_score(CLI::App& app);
command add_report(CLI::App& app);
command add_coverage(CLI::App& app);
command add_synth(CLI::App& app);
command add_features(CLI::App& app);
command add_export(CLI::App& app);

}  // namespace credo::cli
