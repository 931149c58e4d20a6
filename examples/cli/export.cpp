// credo export MODEL.json --format pmml|sql [--dialect sqlite|postgresql] [--table NAME]
//   [--reasons N] [--id COL] [--name NAME] [--out FILE]
// Writes a model file out for another stack: a scorecard (credo fit --out) as a PMML 4.4
// Scorecard or as one SQL SELECT that scores a table inside SQLite or PostgreSQL; a logistic
// regression on raw columns (credo.logistic/1, io/logistic_file.hpp) as a PMML 4.4
// RegressionModel. The output is written whole or not at all. See docs/interop.md.
#include "commands.hpp"
#include "common.hpp"

#include <credo/detail/file.hpp>
#include <credo/interop/pmml_export.hpp>
#include <credo/interop/sql_export.hpp>
#include <credo/io/logistic_file.hpp>
#include <credo/io/model_file.hpp>

#include <memory>

namespace credo::cli {

namespace {

/// The PMML of a credo.logistic/1 file, loaded with the model type its penalty names.
std::string logistic_pmml(const nlohmann::json& j, const interop::pmml_options& po) {
  using io::detail::reader;
  const auto& pj = reader::object(j, "", "penalty");
  const std::string kind = reader::string(reader::key(pj, "penalty", "kind"), "penalty.kind");
  if (kind == model::penalty::l2::name)
    return interop::logistic_to_pmml(io::logistic_from_json<model::logistic_regression<double, model::penalty::l2>>(j), po);
  if (kind == model::penalty::elastic_net::name)
    return interop::logistic_to_pmml(
        io::logistic_from_json<model::logistic_regression<double, model::penalty::elastic_net>>(j), po);
  // none, or a kind the loader refuses with its own id (type_mismatch).
  return interop::logistic_to_pmml(io::logistic_from_json<model::logistic_regression<double>>(j), po);
}

}  // namespace

command add_export(CLI::App& app) {
  auto* sub = app.add_subcommand("export", "write a model file as PMML 4.4 or as an SQL SELECT");
  struct opts {
    std::string model, format, out = "-", table = "applicants", id, name;
    std::string dialect_name;
    std::size_t reasons = 0;
  };
  auto o = std::make_shared<opts>();
  sub->add_option("MODEL", o->model, "model file: a scorecard (credo fit --out) or a logistic model (credo.logistic/1)")
      ->required();
  sub->add_option("--format", o->format, "pmml (PMML 4.4 Scorecard or RegressionModel) or sql (one SELECT)")
      ->check(CLI::IsMember({"pmml", "sql"}))
      ->required();
  sub->add_option("--dialect", o->dialect_name, "SQL dialect (--format sql)")->check(CLI::IsMember({"sqlite", "postgresql"}));
  sub->add_option("--table", o->table, "the table the SELECT scores (--format sql)")->capture_default_str();
  sub->add_option("--reasons", o->reasons, "reason_1..reason_N columns (--format sql; the card fills at most its max_reasons)")
      ->check(CLI::Range(0, 64));
  sub->add_option("--id", o->id, "a column copied first into the SELECT's output (--format sql)");
  sub->add_option("--name", o->name, "the PMML model's modelName (--format pmml)");
  sub->add_option("--out", o->out, "write here (default and -: stdout)");
  sub->footer(help_footer("credo export card.json --format sql --dialect postgresql --reasons 4 --out card.sql"));
  return [sub, o]() -> int {
    if (!sub->parsed()) return -1;
    const bool sql = o->format == "sql";
    if (sql && o->dialect_name.empty())
      CREDO_THROW(invalid_input, "credo.cli.missing_dialect", "--format sql needs --dialect sqlite or postgresql");
    for (const char* opt : {"--dialect", "--table", "--reasons", "--id"})
      if (!sql && sub->count(opt) > 0)
        CREDO_THROW(invalid_input, "credo.cli.option_for_sql", std::string(opt) + " applies to --format sql only");
    if (sql && sub->count("--name") > 0)
      CREDO_THROW(invalid_input, "credo.cli.option_for_pmml", "--name applies to --format pmml only");
    outputs outs;
    outs.add("--out", o->out, {o->model});
    const io::model_file_limits limits;
    const auto j = io::detail::reader::parse(io::detail::reader::read_file(o->model, limits.max_file_bytes),
                                             limits.max_file_bytes);
    // Which kind of model file: its schema name (each loader checks the rest).
    const bool logistic = j.is_object() && j.contains("schema") && j["schema"].is_string() &&
                          j["schema"].get<std::string>().rfind(std::string(io::logistic_schema) + "/", 0) == 0;
    interop::pmml_options po;
    po.model_name = o->name;
    std::string text;
    if (logistic) {
      if (sql)
        CREDO_THROW(invalid_input, "credo.cli.sql_needs_scorecard",
                    "'" + o->model + "' is a logistic model; --format sql exports scorecards (use --format pmml)");
      text = logistic_pmml(j, po);
    } else {
      const auto card = io::scorecard_from_json(j, limits);
      if (sql) {
        interop::sql_options so;
        so.dialect = *credo::detail::enum_from_name<interop::sql_dialect>(o->dialect_name);
        so.table = o->table;
        so.reasons = o->reasons;
        so.id = o->id;
        text = interop::scorecard_to_sql(card, so);
      } else {
        text = interop::scorecard_to_pmml(card, po);
      }
    }
    outs.set(o->out, std::move(text));
    outs.commit("");
    return 0;
  };
}

}  // namespace credo::cli
