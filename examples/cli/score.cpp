// credo score MODEL.json DATA [--reasons N] [--id COL] [--out SCORED.csv]
// (MODEL may be a PMML file: pmml.cpp scores it with the PMML evaluator.)
// Scores every row; a row the card cannot score gets its status and an empty score, and the
// rest are scored. Reason codes (characteristic = bin, points below the baseline) follow.
// Streamed: DATA (a file, -, or a quoted glob of shards) is read a chunk at a time and each
// chunk's rows go to the staged output, so memory does not grow with the rows; rows are
// numbered 1.. across the shards in shard order. Under mpirun each rank scores its block of
// shards and rank 0 writes them all, in shard order: one process's bytes.
#include "commands.hpp"
#include "common.hpp"
#include "stream_input.hpp"

#include <credo/io/model_file.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>

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
  sub->add_option("MODEL", o->model, "model file written by credo fit --out, or a PMML file (.pmml)")->required();
  add_data_argument(*sub, o->data, "CSV file with the card's characteristics");
  sub->add_option("--reasons", o->reasons, "reason codes per row (0-4 is customary)")->check(CLI::Range(0, 64));
  sub->add_option("--id", o->id, "a column to copy into the output as the row's id");
  sub->add_option("--out", o->out, "write the scores to this CSV file (default and -: stdout)");
  sub->footer(help_footer("credo score card.json applicants.csv --reasons 4 --id applicant_id --out scored.csv"));
  return [sub, o]() -> int {
    if (!sub->parsed()) return -1;
    const std::string out_path = sub->count("--out") > 0 ? o->out : "-";
    if (is_pmml_file(o->model)) {
#ifdef CREDO_CLI_WITH_PMML
      return score_pmml(o->model, o->data, o->reasons, o->id, out_path);
#else
      CREDO_THROW(invalid_input, "credo.cli.no_pmml", "this credo was built without PMML (pugixml was not found)");
#endif
    }
    outputs outs;
    outs.add("--out", out_path, {o->model, o->data});
    const auto card = io::load_scorecard(o->model);
    // Each characteristic's kind comes from the model file, never from the batch: a categorical
    // grade that holds only 1/2/3 today is still categorical, and a cell the card cannot use
    // gives its row a status instead of refusing the batch.
    // A text id is passed through: its labels are kept per chunk, so that a million distinct
    // ids do not stay in memory.
    io::stream_options so;
    if (!o->id.empty()) so.chunk_labels = {o->id};
    data_stream data(o->data, schema_options(card), std::move(so));
    if (!o->id.empty()) {
      // The --id column must exist even in a file without rows: the table's own refusal
      // (credo.table.unknown_column, the known columns listed), as from a whole-file read.
      const auto& sc = data.schema();
      if (std::find(sc.names.begin(), sc.names.end(), o->id) == sc.names.end()) {
        table names;
        for (std::size_t j = 0; j < sc.names.size(); ++j)
          names.add(sc.kinds[j] == column_kind::numeric ? column::numeric(sc.names[j], {})
                                                        : column::categorical(sc.names[j], {}, {}));
        (void)names[o->id];
      }
    }
    const job& jb = current_job();
    const bool writer = jb.writes();
    // Rank 0 writes its rows (its shards come first) straight into the staged output; any
    // other rank scores its shards into a spool meanwhile and sends it to rank 0 in rank
    // order at the end. Without --id, such a rank cannot know its first row number until the
    // earlier ranks are done: it stores each record without it, its length first (4 bytes),
    // and rank 0 numbers the records as they arrive.
    const bool numbered = o->id.empty();
    std::optional<io::detail::spool> part;
    outputs::sink* sink = nullptr;
    if (writer) sink = &outs.stream(out_path);
    else part.emplace();
    {
      std::string header = o->id.empty() ? "row" : csv_field(o->id);
      header += ",score,pd,status";
      for (std::size_t k = 1; k <= o->reasons; ++k) header += ",reason_" + std::to_string(k);
      header += "\n";
      if (writer) sink->write(header);
    }
    std::vector<model::reason_code> reasons(o->reasons);
    std::uint64_t rows = 0, failed = 0;
    io::csv_stream& in = data.stream();
    chunk_bad_cells bad;
    io::csv_chunk chunk;
    std::vector<std::string> unusable;
    std::string out, rec;
    const auto score_chunk = [&] {
      const table& t = chunk.data;
      // Cells that were not numbers, in the card's characteristics only (others never matter).
      unusable.assign(t.rows(), std::string());
      bad.each(in, chunk, [&](const std::string& col, std::size_t r) {
        if (card.find(col)) unusable[r] += (unusable[r].empty() ? "" : ",") + col;
      });
      const column* id = o->id.empty() ? nullptr : &t[o->id];
      out.clear();
      for (std::size_t r = 0; r < t.rows(); ++r) {
        rec.clear();
        if (id) {
          rec += csv_field(id->is_numeric() ? number(id->values()[r])
                           : id->codes()[r] == column::missing_code
                               ? std::string()
                               : id->dictionary()[static_cast<std::size_t>(id->codes()[r])]);
        }
        if (!unusable[r].empty()) {
          ++failed;
          rec += ",,,not_a_number (" + unusable[r] + ")" + std::string(o->reasons, ',') + "\n";
        } else {
          const auto res = card.score(t, r, reasons);
          if (res.ok()) {
            rec += "," + number(static_cast<double>(res.score)) + "," + number(card.pd_from_score(res.score)) + ",ok";
          } else {
            ++failed;
            rec += ",,," + std::string(model::to_string(res.status)) + " (" +
                   card.characteristic(res.characteristic).name + ")";
          }
          for (std::size_t k = 0; k < o->reasons; ++k)
            rec += "," + (res.ok() && k < res.reasons ? csv_field(card.describe(reasons[k])) : std::string());
          rec += "\n";
        }
        ++rows;
        if (!numbered) {
          out += rec;
        } else if (writer) {
          out += std::to_string(rows);
          out += rec;
        } else {
          const auto len = static_cast<std::uint32_t>(rec.size());
          out.append(reinterpret_cast<const char*>(&len), sizeof len);
          out += rec;
        }
      }
      if (writer) sink->write(out);
      else part->write(out);
      progress("scoring", static_cast<std::size_t>(in.bytes_done() >> 10),
               static_cast<std::size_t>(in.bytes_total() >> 10));
    };
    // Errors while reading name standard input as such, not its spool (data_stream::named).
    data.named([&] {
      while (in.next(chunk)) score_chunk();
    });
    if (jb.distributed()) {
      if (writer) {
        for (int r = 1; r < jb.ranks(); ++r) {
          std::string carry;  // framed records cut by a piece's end
          for (std::string piece = jb.receive_piece(r); !piece.empty(); piece = jb.receive_piece(r)) {
            if (!numbered) {
              sink->write(piece);
              continue;
            }
            carry += piece;
            out.clear();
            std::size_t at = 0;
            std::uint32_t len = 0;
            while (carry.size() - at >= sizeof len) {
              std::memcpy(&len, carry.data() + at, sizeof len);
              if (carry.size() - at - sizeof len < len) break;
              out += std::to_string(++rows);
              out.append(carry, at + sizeof len, len);
              at += sizeof len + len;
            }
            carry.erase(0, at);
            sink->write(out);
          }
          const std::string counts = jb.receive_piece(r);  // its rows and failed rows
          std::uint64_t n[2] = {0, 0};
          std::memcpy(n, counts.data(), std::min(counts.size(), sizeof n));
          if (!numbered) rows += n[0];
          failed += n[1];
        }
      } else {
        part->replay([&](std::string_view piece) { jb.send_piece(piece); });
        jb.send_piece({});
        const std::uint64_t n[2] = {rows, failed};
        jb.send_piece(std::string_view(reinterpret_cast<const char*>(n), sizeof n));
      }
    }
    outs.commit("");
    if (writer && failed > 0)
      std::fprintf(stderr, "credo: %llu of %llu rows could not be scored (see status)\n",
                   static_cast<unsigned long long>(failed), static_cast<unsigned long long>(rows));
    return 0;
  };
}

}  // namespace credo::cli
