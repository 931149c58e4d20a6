// credo import card.pmml --out card.json, and credo score card.pmml DATA (score.cpp hands a
// PMML model file to score_pmml). docs/interop.md, "Import"; docs/cli.md.
//
// Scoring a PMML file: every row of DATA through the PMML evaluator
// (credo/interop/pmml_import.hpp), streamed a chunk at a time like a credo card. Columns:
//   Scorecard:                 row, score, status, reason_1..reason_N (the reason codes)
//   RegressionModel regression: row, predicted, status
//   classification:            row, predicted, probability_LABEL per category, status
// A row PMML gives no value gets the status "invalid (why)" or "missing (why)" and empty values.
#include "commands.hpp"
#include "common.hpp"
#include "stream_input.hpp"

#ifdef CREDO_CLI_WITH_PMML
#include <credo/interop/pmml_import.hpp>
#endif
#include <credo/io/model_file.hpp>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace credo::cli {

/// A model file is PMML when it is named *.pmml or *.xml, or its first character past
/// white space (and a UTF-8 byte order mark) is '<'; credo's own model files are JSON ('{').
bool is_pmml_file(const std::string& path) {
  const auto ends = [&](std::string_view e) {
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".pmml") || ends(".xml") || ends(".PMML") || ends(".XML")) return true;
  std::ifstream in(path, std::ios::binary);
  char buf[64] = {};
  in.read(buf, sizeof buf);
  std::string_view s(buf, static_cast<std::size_t>(in.gcount()));
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  return !s.empty() && s.front() == '<';
}

#ifdef CREDO_CLI_WITH_PMML

namespace {

std::string pmml_number(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

}  // namespace

int score_pmml(const std::string& model, const std::string& data_arg, std::size_t n_reasons, const std::string& id,
               const std::string& out_path) {
  const auto m = interop::pmml_model::load(model);
  if (current_job().distributed())
    CREDO_THROW(invalid_input, "credo.cli.pmml_ranks",
                "credo score of a PMML file runs in one process; run it without mpirun, or credo import the card first");
  outputs outs;
  outs.add("--out", out_path, {model, data_arg});
  io::csv_options opt;
  opt.types_from = "the PMML file";
  opt.bad_numbers = io::bad_number_policy::missing;  // a cell that is not a number: the field's invalid value
  for (const auto& f : m.fields()) opt.types[f.name] = f.numeric ? column_kind::numeric : column_kind::categorical;
  io::stream_options so;
  if (!id.empty()) so.chunk_labels = {id};
  data_stream data(data_arg, opt, std::move(so));
  // Every active field and the --id column must be in the data, even without rows: the
  // table's own refusal (credo.table.unknown_column, the known columns listed).
  {
    const auto& sc = data.schema();
    table names;
    for (std::size_t j = 0; j < sc.names.size(); ++j)
      names.add(sc.kinds[j] == column_kind::numeric ? column::numeric(sc.names[j], {})
                                                    : column::categorical(sc.names[j], {}, {}));
    for (const auto& f : m.fields()) (void)names[f.name];
    if (!id.empty()) (void)names[id];
  }
  auto& sink = outs.stream(out_path);
  const bool card = m.kind() == interop::pmml_kind::scorecard;
  std::string header = id.empty() ? "row" : credo::detail::csv_field(id);
  if (card) {
    header += ",score,status";
    for (std::size_t k = 1; k <= n_reasons; ++k) header += ",reason_" + std::to_string(k);
  } else {
    header += ",predicted";
    for (const auto& c : m.categories()) header += "," + credo::detail::csv_field("probability_" + c);
    header += ",status";
  }
  sink.write(header + "\n");
  std::uint64_t rows = 0, failed = 0;
  io::csv_stream& in = data.stream();
  chunk_bad_cells bad;
  io::csv_chunk chunk;
  std::vector<std::vector<bool>> not_number(m.fields().size());
  std::vector<model::input> row(m.fields().size(), model::input::missing());
  // A cell that was not a number reaches the evaluator as text that is not one, so the
  // field's invalidValueTreatment decides (PMML: an invalid value).
  static constexpr std::string_view not_a_number = "(not a number)";
  std::string out;
  const auto score_chunk = [&] {
    const table& t = chunk.data;
    std::vector<const column*> cols;
    for (const auto& f : m.fields()) cols.push_back(&t[f.name]);
    for (auto& v : not_number) v.assign(t.rows(), false);
    bad.each(in, chunk, [&](const std::string& col, std::size_t r) {
      if (const auto i = m.find(col)) not_number[*i][r] = true;
    });
    const column* idc = id.empty() ? nullptr : &t[id];
    out.clear();
    for (std::size_t r = 0; r < t.rows(); ++r) {
      for (std::size_t i = 0; i < cols.size(); ++i) {
        const column& c = *cols[i];
        if (not_number[i][r]) row[i] = model::input(not_a_number);
        else if (c.is_numeric()) row[i] = model::input(c.values()[r]);
        else if (c.codes()[r] == column::missing_code) row[i] = model::input(std::string_view());
        else row[i] = model::input(std::string_view(c.dictionary()[static_cast<std::size_t>(c.codes()[r])]));
      }
      const auto res = m.evaluate(row);
      ++rows;
      if (idc) {
        out += credo::detail::csv_field(idc->is_numeric() ? pmml_number(idc->values()[r])
                                        : idc->codes()[r] == column::missing_code
                                            ? std::string()
                                            : idc->dictionary()[static_cast<std::size_t>(idc->codes()[r])]);
      } else {
        out += std::to_string(rows);
      }
      const std::string status =
          res.ok() ? std::string("ok") : credo::detail::csv_field(std::string(interop::to_string(res.status)) + " (" + res.why + ")");
      if (!res.ok()) ++failed;
      if (card) {
        out += "," + (res.ok() ? pmml_number(res.value) : std::string()) + "," + status;
        for (std::size_t k = 0; k < n_reasons; ++k)
          out += "," + (res.ok() && k < res.reasons.size() ? credo::detail::csv_field(res.reasons[k].code) : std::string());
      } else {
        if (m.kind() == interop::pmml_kind::regression) out += "," + (res.ok() ? pmml_number(res.value) : std::string());
        else out += "," + (res.ok() ? credo::detail::csv_field(m.categories()[res.predicted]) : std::string());
        for (std::size_t k = 0; k < m.categories().size(); ++k)
          out += "," + (res.ok() ? pmml_number(res.probabilities[k]) : std::string());
        out += "," + status;
      }
      out += "\n";
    }
    sink.write(out);
    progress("scoring", static_cast<std::size_t>(in.bytes_done() >> 10), static_cast<std::size_t>(in.bytes_total() >> 10));
  };
  data.named([&] {
    while (in.next(chunk)) score_chunk();
  });
  outs.commit("");
  if (failed > 0)
    std::fprintf(stderr, "credo: %llu of %llu rows could not be scored (see status)\n",
                 static_cast<unsigned long long>(failed), static_cast<unsigned long long>(rows));
  return 0;
}

#endif  // CREDO_CLI_WITH_PMML

command add_import(CLI::App& app) {
  auto* sub = app.add_subcommand("import", "convert a PMML scorecard to a credo model file, when credo's card holds it exactly");
  struct opts {
    std::string model, out;
  };
  auto o = std::make_shared<opts>();
  sub->add_option("PMML", o->model, "a PMML 4.1-4.4 Scorecard")->required();
  sub->add_option("--out", o->out, "the credo model file to write (default and -: stdout)");
  sub->footer(help_footer("credo import card.pmml --out card.json"));
  return [sub, o]() -> int {
    if (!sub->parsed()) return -1;
#ifdef CREDO_CLI_WITH_PMML
    outputs outs;
    const std::string out_path = sub->count("--out") > 0 ? o->out : "-";
    outs.add("--out", out_path, {o->model});
    const auto card = interop::to_scorecard(interop::pmml_model::load(o->model));
    outs.set(out_path, io::scorecard_to_string(card) + "\n");
    outs.commit("");
    return 0;
#else
    CREDO_THROW(invalid_input, "credo.cli.no_pmml", "this credo was built without PMML (pugixml was not found)");
#endif
  };
}

}  // namespace credo::cli
