// credo score MODEL.json DATA [--reasons N] [--out SCORED.csv]
// Scores every row; a row the card cannot score gets its status and an empty score, and the
// rest are scored. Reason codes (characteristic = bin, points below the baseline) follow.
#include "commands.hpp"
#include "common.hpp"

#include <credo/io/model_file.hpp>

#include <charconv>
#include <memory>

namespace credo::cli {

namespace {
std::string number(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}
}  // namespace

command add_score(CLI::App& app) {
  auto* sub = app.add_subcommand("score", "score every row of a data file with a model file");
  struct opts {
    std::string model, data, out;
    std::size_t reasons = 0;
    std::string id;
  };
  auto o = std::make_shared<opts>();
  sub->add_option("MODEL", o->model, "model file written by credo fit --out")->required();
  add_data_argument(*sub, o->data, "CSV file with the card's characteristics");
  sub->add_option("--reasons", o->reasons, "reason codes per row (0-4 is customary)")->check(CLI::Range(0, 64));
  sub->add_option("--id", o->id, "a column to copy into the output as the row's id");
  sub->add_option("--out", o->out, "write the scores to this CSV file (default and -: stdout)");
  sub->footer(help_footer("credo score card.json applicants.csv --reasons 4 --id applicant_id --out scored.csv"));
  return [sub, o]() -> int {
    if (!sub->parsed()) return -1;
    outputs outs;
    const std::string out_path = sub->count("--out") > 0 ? o->out : "-";
    outs.add("--out", out_path, {o->model, o->data});
    const auto card = io::load_scorecard(o->model);
    // Each characteristic's kind comes from the model file, never from the batch: a categorical
    // grade that holds only 1/2/3 today is still categorical, and a cell the card cannot use
    // gives its row a status instead of refusing the batch.
    const auto opt = schema_options(card);
    std::vector<io::bad_cells> bad;
    const auto t = read_table(o->data, opt, &bad);
    const auto unusable = unusable_rows(t.rows(), bad, card);
    const column* id = o->id.empty() ? nullptr : &t[o->id];
    std::string out = o->id.empty() ? "row" : csv_field(o->id);
    out += ",score,pd,status";
    for (std::size_t k = 1; k <= o->reasons; ++k) out += ",reason_" + std::to_string(k);
    out += "\n";
    std::vector<model::reason_code> reasons(o->reasons);
    std::size_t failed = 0;
    for (std::size_t r = 0; r < t.rows(); ++r) {
      if (r % 65536 == 0) progress("scoring", r, t.rows());
      if (id) {
        out += csv_field(id->is_numeric() ? number(id->values()[r])
                         : id->codes()[r] == column::missing_code
                             ? std::string()
                             : id->dictionary()[static_cast<std::size_t>(id->codes()[r])]);
      } else {
        out += std::to_string(r + 1);
      }
      if (!unusable[r].empty()) {
        ++failed;
        out += ",,,not_a_number (" + unusable[r] + ")" + std::string(o->reasons, ',') + "\n";
        continue;
      }
      const auto res = card.score(t, r, reasons);
      if (res.ok()) {
        out += "," + number(static_cast<double>(res.score)) + "," + number(card.pd_from_score(res.score)) + ",ok";
      } else {
        ++failed;
        out += ",,," + std::string(model::to_string(res.status)) + " (" +
               card.characteristic(res.characteristic).name + ")";
      }
      for (std::size_t k = 0; k < o->reasons; ++k)
        out += "," + (res.ok() && k < res.reasons ? csv_field(card.describe(reasons[k])) : std::string());
      out += "\n";
    }
    outs.set(out_path, std::move(out));
    outs.commit("");
    if (failed > 0) std::fprintf(stderr, "credo: %zu of %zu rows could not be scored (see status)\n", failed, t.rows());
    return 0;
  };
}

}  // namespace credo::cli
