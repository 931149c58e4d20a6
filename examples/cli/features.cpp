// credo features PERSONS TRADELINES [INQUIRIES] --out FILE [--protected COL]
// The modelling table of record files: one row per person, the standard features at the
// person's as_of, the outcome `bad` and the protected segment (io/applicants.hpp). Each
// argument is a path or a quoted glob ('dir/tradelines-*.csv', sorted; shards pair up by
// position). Streaming: a shard at a time, in blocks of persons, the output appended to a
// staged file that replaces FILE only when every shard was read.
#include "commands.hpp"
#include "common.hpp"
#include "records_cli.hpp"

#include <credo/features.hpp>
#include <credo/io/applicants.hpp>
#include <credo/io/record_stream.hpp>

#include <filesystem>
#include <cstring>
#include <memory>
#include <optional>

namespace credo::cli {

command add_features(CLI::App& app) {
  auto* sub = app.add_subcommand("features", "turn record files into the modelling table, streaming");
  struct opts {
    std::string persons, tradelines, inquiries, out, protected_segment = "group";
    std::size_t block = 65536;
  };
  auto o = std::make_shared<opts>();
  sub->add_option("PERSONS", o->persons, "persons CSV, or a quoted glob of shards")->required();
  sub->add_option("TRADELINES", o->tradelines, "tradelines CSV, or a quoted glob of shards")->required();
  sub->add_option("INQUIRIES", o->inquiries, "inquiries CSV, or a quoted glob of shards");
  sub->add_option("--out", o->out, "the modelling table CSV")->required();
  sub->add_option("--protected", o->protected_segment, "the persons column written as the protected group")
      ->capture_default_str();
  sub->add_option("--block", o->block, "persons read at a time (memory, not the output)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  sub->footer(help_footer("credo features 'bureau/persons-*.csv' 'bureau/tradelines-*.csv' "
                          "'bureau/inquiries-*.csv' --out applicants.csv"));
  return [sub, o]() -> int {
    if (!sub->parsed()) return -1;
    if (o->out.empty() || o->out == "-")
      CREDO_THROW(invalid_input, "credo.cli.empty_out", "--out must name a file");
    const auto shards = shard_list(o->persons, o->tradelines, o->inquiries);
    for (const auto& s : shards)
      for (const auto* in : {&s.persons, &s.tradelines, &s.inquiries}) {
        std::error_code ec;
        if (!in->empty() && std::filesystem::exists(o->out, ec) && std::filesystem::equivalent(o->out, *in, ec))
          CREDO_THROW(invalid_input, "credo.cli.out_is_input",
                      "--out '" + o->out + "' is one of the command's inputs; credo never writes over its input");
      }
    namespace fs = std::filesystem;
    const fs::path out(o->out);
    // Under mpirun rank r turns its block of shards into rows; rank 0 writes its own straight
    // into the staged file and then the other ranks' in rank order (each kept its rows in an
    // unlinked spool and sends them in pieces), so the file is one process's, byte for byte.
    const job& jb = current_job();
    const bool writer = jb.writes();
    std::optional<staged_files> file;
    std::optional<io::detail::spool> part;
    if (writer) file.emplace(out.has_parent_path() ? out.parent_path().string() : ".", std::vector<std::string>{out.filename().string()});
    else part.emplace();
    auto put = [&](const std::string& rows) {
      if (writer) file->write(0, rows);
      else part->write(rows);
    };
    const auto fset = features::standard_features();
    std::string text = writer ? io::applicants_header(fset, o->protected_segment) : std::string();
    std::uint64_t persons = 0;
    features::record_set block;
    for (const auto k : jb.my_shards(shards.size())) {
      io::shard_reader reader(shards[k]);
      while (reader.next(block, o->block)) {
        io::append_applicants(text, block, fset, o->protected_segment);
        put(text);
        text.clear();
        persons += block.persons.size();
        progress("features: shard " + std::to_string(k + 1) + " of " + std::to_string(shards.size()));
      }
    }
    put(text);
    if (jb.distributed()) {
      if (writer) {
        for (int r = 1; r < jb.ranks(); ++r) {
          for (std::string piece = jb.receive_piece(r); !piece.empty(); piece = jb.receive_piece(r)) file->write(0, piece);
          const std::string count = jb.receive_piece(r);
          std::uint64_t n = 0;
          std::memcpy(&n, count.data(), std::min(count.size(), sizeof n));
          persons += n;
        }
      } else {
        part->replay([&](std::string_view piece) { jb.send_piece(piece); });
        jb.send_piece({});
        jb.send_piece(std::string_view(reinterpret_cast<const char*>(&persons), sizeof persons));
      }
    }
    if (writer) file->commit();
    emit(std::to_string(persons) + " persons from " + std::to_string(shards.size()) + " shards to " + o->out + "\n");
    return 0;
  };
}

}  // namespace credo::cli
