// credo bin DATA --target COL --bad VALUE [binning options] [--json]
// Bins every chosen column and prints its binning table, then the IV ranking. DATA streams
// in two passes (binning/stream.hpp): candidates, then exact pre-bin counts, in memory that
// does not grow with the rows; under mpirun each rank reads its shards.
#include "commands.hpp"
#include "common.hpp"
#include "stream_input.hpp"

#include <credo/binning/stream.hpp>

#include <memory>

namespace credo::cli {

command add_bin(CLI::App& app) {
  auto* sub = app.add_subcommand("bin", "bin columns and rank them by information value");
  struct opts {
    data_options data;
    binning_cli binning;
    bool json = false;
  };
  auto o = std::make_shared<opts>();
  add_data_options(*sub, o->data);
  add_binning_options(*sub, o->binning);
  sub->add_flag("--json", o->json, "one JSON document on stdout");
  sub->footer(help_footer("credo bin data/german_credit.csv --target class --bad bad --method optimal --json"));
  return [sub, o]() -> int {
    if (!sub->parsed()) return -1;
    data_stream in(o->data.path, labelled_options(o->data));
    const auto enc = stream_bin(in, encoder_options_of(o->binning));
    progress_done();
    if (o->json) {
      nlohmann::ordered_json vars = nlohmann::ordered_json::array();
      for (const auto& e : enc.iv_ranking()) vars.push_back(to_json(enc.table_of(e.column)));
      emit(nlohmann::ordered_json{{"variables", vars}}.dump(2) + "\n");
    } else {
      std::ostringstream out;
      for (const auto& tab : enc.tables()) out << binning::to_string(tab) << "\n";
      out << binning::to_string(enc.iv_ranking());
      emit(out.str());
    }
    return 0;
  };
}

}  // namespace credo::cli
