// credo synth --persons N [--seed S] [--shards K] --out DIR
// A sharded synthetic bureau (synth/bureau.hpp): DIR/persons-NNNN.csv, tradelines-NNNN.csv,
// inquiries-NNNN.csv and applicants-NNNN.csv, the modelling table of the standard features.
// Shard k holds persons [k·N/K, (k+1)·N/K); they are made in blocks, so memory does not grow
// with N, and person i's records depend on (seed, i) alone, so K never changes the rows.
#include "commands.hpp"
#include "common.hpp"
#include "records_cli.hpp"

#include <credo/features.hpp>
#include <credo/io/applicants.hpp>
#include <credo/io/records.hpp>
#include <credo/synth.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <regex>

namespace credo::cli {

namespace {

std::string shard_name(const char* kind, std::size_t k) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s-%04zu.csv", kind, k);
  return buf;
}

/// Text of a formatted record file without its header line (blocks after a shard's first).
std::string_view body(const std::string& text, bool keep_header) {
  if (keep_header) return text;
  const auto nl = text.find('\n');
  return nl == std::string::npos ? std::string_view{} : std::string_view(text).substr(nl + 1);
}

/// Refuses a directory holding shard files of a run with more shards: a glob over DIR would
/// read them with this run's.
void refuse_stale(const std::string& dir, std::size_t shards) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  static const std::regex shard_file("(persons|tradelines|inquiries|applicants)-([0-9]+)\\.csv");
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::smatch m;
    const std::string name = e.path().filename().string();
    if (std::regex_match(name, m, shard_file) && std::stoull(m[2].str()) >= shards)
      CREDO_THROW(invalid_input, "credo.cli.stale_shards",
                  "'" + (fs::path(dir) / name).string() + "' is a shard of an earlier run with more shards; "
                  "remove it or choose another --out");
  }
}

}  // namespace

command add_synth(CLI::App& app) {
  auto* sub = app.add_subcommand("synth", "write a sharded synthetic bureau: records and the modelling table");
  struct opts {
    std::size_t persons = 0, shards = 1, block = 65536;
    std::uint64_t seed = 1;
    std::string out;
  };
  auto o = std::make_shared<opts>();
  sub->add_option("--persons", o->persons, "number of persons")->required()->check(CLI::PositiveNumber);
  sub->add_option("--seed", o->seed, "seed of the generator")->capture_default_str();
  sub->add_option("--shards", o->shards, "number of shards (files of each kind)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{9999}))
      ->capture_default_str();
  sub->add_option("--block", o->block, "persons generated at a time (memory, not the data)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  sub->add_option("--out", o->out, "directory of the shard files (created when missing)")->required();
  sub->footer(help_footer("credo synth --persons 1000000 --seed 7 --shards 8 --out bureau/"));
  return [sub, o]() -> int {
    if (!sub->parsed()) return -1;
    if (o->out.empty()) CREDO_THROW(invalid_input, "credo.cli.empty_out", "--out is empty; give a directory");
    refuse_stale(o->out, o->shards);
    const char* kinds[] = {"persons", "tradelines", "inquiries", "applicants"};
    std::vector<std::string> names;
    for (std::size_t k = 0; k < o->shards; ++k)
      for (const char* kind : kinds) names.push_back(shard_name(kind, k));
    staged_files files(o->out, names);
    synth::bureau_options bo;
    bo.persons = o->persons;
    bo.seed = o->seed;
    const auto fs = features::standard_features();
    std::string text;
    std::size_t done = 0, tradelines = 0, inquiries = 0;
    for (std::size_t k = 0; k < o->shards; ++k) {
      const std::size_t lo = o->persons * k / o->shards, hi = o->persons * (k + 1) / o->shards;
      for (std::size_t first = lo; first < hi || first == lo; first += o->block) {
        const bool head = first == lo;
        const std::size_t count = std::min(o->block, hi - first);
        const auto b = synth::generate_block(bo, first, count);
        files.write(4 * k + 0, body(io::format_persons(b.records), head));
        files.write(4 * k + 1, body(io::format_tradelines(b.records), head));
        files.write(4 * k + 2, body(io::format_inquiries(b.records), head));
        text.clear();
        if (head) text = io::applicants_header(fs);
        io::append_applicants(text, b.records, fs);
        files.write(4 * k + 3, text);
        tradelines += b.records.tradelines.size();
        inquiries += b.records.inquiries.size();
        done += count;
        progress("synth", done, o->persons);
        if (count == 0) break;
      }
      for (std::size_t i = 0; i < 4; ++i) files.close(4 * k + i);
    }
    files.commit();
    char line[256];
    std::snprintf(line, sizeof line, "%zu persons, %zu tradelines, %zu inquiries in %zu shards under %s\n", o->persons,
                  tradelines, inquiries, o->shards, o->out.c_str());
    emit(line);
    return 0;
  };
}

}  // namespace credo::cli
