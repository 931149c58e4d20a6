// credo explain MODEL.json DATA --cutoff SCORE [--actionable A,B,...] [--special-targets]
//   [--declined] [--json] [--html FILE]
// For every applicant below the cut-off, the smallest change in the actionable
// characteristics that lifts the score to it: exact for the additive card (a knapsack over
// each characteristic's bins, credo/model/path_to_approval.hpp, docs/path_to_approval.md).
// Streamed: each chunk's applicants go to a staged output, so memory does not grow with the
// rows; rows are numbered 1.. across the shards in shard order. Runs in one process.
#include "commands.hpp"
#include "common.hpp"
#include "stream_input.hpp"

#include <credo/io/model_file.hpp>
#include <credo/model/path_to_approval.hpp>
#include <credo/report/approval_paths_report.hpp>

#include <cstdint>
#include <cstdio>
#include <memory>

namespace credo::cli {

command add_explain(CLI::App& app) {
  auto* sub = app.add_subcommand("explain", "for each declined applicant, the smallest change that reaches the cut-off");
  struct opts {
    std::string model, data, html;
    double cutoff = 0;
    std::vector<std::string> actionable;
    bool special_targets = false, declined = false, json = false;
  };
  auto o = std::make_shared<opts>();
  sub->add_option("MODEL", o->model, "model file written by credo fit --out")->required();
  add_data_argument(*sub, o->data, "CSV file with the card's characteristics");
  sub->add_option("--cutoff", o->cutoff, "approve at or above this score")->required()->check(finite_number());
  sub->add_option("--actionable", o->actionable,
                  "the characteristics an applicant may change, comma-separated (default: every one)")
      ->delimiter(',')
      ->allow_extra_args(false);
  sub->add_flag("--special-targets", o->special_targets,
                "a special value's bin may be a target (default: only intervals and category groups)");
  sub->add_flag("--declined", o->declined, "list the declined applicants only");
  sub->add_flag("--json", o->json, "one JSON document on stdout");
  sub->add_option("--html", o->html,
                  "also write an HTML page of the paths: which characteristics they change, how many, examples");
  sub->footer(help_footer("credo explain card.json applicants.csv --cutoff 540 --actionable duration,savings_status"));
  return [sub, o]() -> int {
    if (!sub->parsed()) return -1;
    if (current_job().distributed())
      CREDO_THROW(invalid_input, "credo.cli.explain_ranks", "credo explain runs in one process; run it without mpirun");
    const auto card = io::load_scorecard(o->model);
    const model::path_to_approval<> explain(card, {o->cutoff, o->actionable, o->special_targets});
    outputs outs;
    outs.add("(standard output)", "-", {});
    const bool html = sub->count("--html") > 0;
    if (html && o->html == "-")
      CREDO_THROW(invalid_input, "credo.cli.out_twice",
                  "--html '-': standard output carries the applicants already; give the page a file");
    if (html) outs.add("--html", o->html, {o->model, o->data});
    report::approval_path_summary summary(card);
    data_stream data(o->data, schema_options(card));
    auto& sink = outs.stream("-");
    using json = nlohmann::ordered_json;
    std::vector<std::string> actionable;
    for (auto j : explain.actionable()) actionable.push_back(card.characteristic(j).name);
    if (o->json) {
      const json head = {{"cutoff", o->cutoff}, {"actionable", actionable}, {"special_targets", o->special_targets}};
      std::string h = head.dump(2);
      h.pop_back();  // the closing brace: the applicants follow
      while (!h.empty() && (h.back() == '\n' || h.back() == ' ')) h.pop_back();
      sink.write(h + ",\n  \"applicants\": [");
    }
    std::uint64_t rows = 0, declined = 0, found = 0, none = 0, unscored = 0;
    bool first = true;
    io::csv_stream& in = data.stream();
    chunk_bad_cells bad;
    io::csv_chunk chunk;
    std::vector<std::string> unusable;
    std::vector<std::uint32_t> bins(card.size());
    std::string out;
    data.named([&] {
      while (in.next(chunk)) {
        const table& t = chunk.data;
        unusable.assign(t.rows(), std::string());
        bad.each(in, chunk, [&](const std::string& col, std::size_t r) {
          if (card.find(col)) unusable[r] += (unusable[r].empty() ? "" : ",") + col;
        });
        const auto codes = card.bin_codes(t);
        out.clear();
        for (std::size_t r = 0; r < t.rows(); ++r) {
          ++rows;
          json a;
          a["row"] = rows;
          model::approval_path p;
          if (unusable[r].empty()) {
            for (std::size_t j = 0; j < card.size(); ++j) bins[j] = codes[j * t.rows() + r];
            p = explain(bins);
          }
          const bool scored = unusable[r].empty() && p.status == model::score_status::ok;
          if (unusable[r].empty()) summary.add(rows, p, card);
          else summary.add_not_scored();
          if (!scored) {
            ++unscored;
            if (o->declined) continue;
            a["score"] = nullptr;
            a["approved"] = false;
            a["status"] = unusable[r].empty() ? std::string(model::to_string(p.status))
                                              : "not_a_number (" + unusable[r] + ")";
          } else {
            if (!p.approved) ++declined;
            if (!p.approved && p.reachable) ++found;
            if (!p.approved && !p.reachable) ++none;
            if (o->declined && p.approved) continue;
            a["score"] = p.score;
            a["approved"] = p.approved;
          }
          if (!o->json) {
            // One line per applicant: row, score, and the path or why there is none.
            char buf[160];
            if (!scored) {
              out += "row " + std::to_string(rows) + ": not scored: " + a["status"].get<std::string>() + "\n";
              continue;
            }
            std::snprintf(buf, sizeof buf, "row %llu: score %s", static_cast<unsigned long long>(rows),
                          credo::detail::format_shortest(p.score).c_str());
            out += buf;
            if (p.approved) {
              out += ", approved\n";
            } else if (!p.reachable) {
              out += ", declined; no change in the actionable characteristics reaches the cut-off\n";
            } else {
              out += ", declined; approved with";
              for (std::size_t i = 0; i < p.changes.size(); ++i) {
                const auto& c = p.changes[i];
                const auto& ch = card.characteristic(c.characteristic);
                out += (i ? "; " : " ") + ch.name + " " + ch.bins.label(c.from) + " -> " + ch.bins.label(c.to) +
                       " (+" + credo::detail::format_shortest(c.points) + ")";
              }
              out += ": new score " + credo::detail::format_shortest(p.new_score) + "\n";
            }
            continue;
          }
          json changes = json::array();
          for (const auto& c : p.changes) {
            const auto& ch = card.characteristic(c.characteristic);
            changes.push_back({{"characteristic", ch.name},
                               {"from", ch.bins.label(c.from)},
                               {"to", ch.bins.label(c.to)},
                               {"points", c.points},
                               {"steps", c.steps},
                               {"value", model::example_value(ch.bins, c.to)}});
          }
          a["changes"] = changes;
          a["new_score"] = scored && p.reachable ? json(p.new_score) : json(nullptr);
          if (scored && !p.approved) {
            a["reachable"] = p.reachable;
            a["steps"] = p.steps;
            if (!p.reachable) a["note"] = "no change in the actionable characteristics reaches the cut-off";
          }
          out += (first ? "\n    " : ",\n    ") + a.dump();
          first = false;
        }
        sink.write(out);
        progress("explaining", static_cast<std::size_t>(in.bytes_done() >> 10),
                 static_cast<std::size_t>(in.bytes_total() >> 10));
      }
    });
    if (o->json) {
      const json tail = {{"rows", rows}, {"declined", declined}, {"with_path", found}, {"without_path", none},
                         {"not_scored", unscored}};
      std::string t = tail.dump(2);
      // The summary's members after the applicants, in the same object.
      t.erase(0, 1);
      sink.write(std::string(first ? "]" : "\n  ]") + "," + t + "\n");
    } else {
      char buf[200];
      std::snprintf(buf, sizeof buf, "%llu rows, %llu declined: %llu with a path to approval, %llu without; %llu not scored\n",
                    static_cast<unsigned long long>(rows), static_cast<unsigned long long>(declined),
                    static_cast<unsigned long long>(found), static_cast<unsigned long long>(none),
                    static_cast<unsigned long long>(unscored));
      sink.write(buf);
    }
    if (html)
      outs.set(o->html, summary.html("credo explain: " + o->data, o->cutoff, explain.actionable()).str());
    outs.commit("");
    return 0;
  };
}

}  // namespace credo::cli
