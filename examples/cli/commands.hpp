// The commands of the credo command line; each registers its options on a CLI11 subcommand
// and returns the function that runs it.
#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>
#include <functional>
#include <string>

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
command add_import(CLI::App& app);
command add_monitor(CLI::App& app);
command add_explain(CLI::App& app);

/// A model file in PMML rather than credo's JSON (pmml.cpp): by its name or first character.
bool is_pmml_file(const std::string& path);
/// credo score of a PMML model file (pmml.cpp; built with pugixml only).
int score_pmml(const std::string& model, const std::string& data, std::size_t reasons, const std::string& id,
               const std::string& out);

}  // namespace credo::cli
