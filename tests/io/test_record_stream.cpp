// The streamed shard reader against the whole-file reader, and the input contract's refusals.
#include <credo/features.hpp>
#include <credo/io/applicants.hpp>
#include <credo/io/record_stream.hpp>
#include <credo/io/records.hpp>
#include <credo/synth.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace {

namespace sfs = std::filesystem;

struct record_dir {
  sfs::path path;
  record_dir() {
    std::string pattern = (sfs::temp_directory_path() / "credo_stream_XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~record_dir() {
    std::error_code ec;
    sfs::remove_all(path, ec);
  }
  std::string put(const std::string& name, const std::string& text) const {
    const auto p = (path / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
};

const char* persons_csv = "person_id,as_of,bad,group\nP1,2024-06-30,0,A\nP2,2024-06-30,1,B\nP3,2024-06-30,0,A\n";
const char* tradeline_header =
    "person_id,source,account_type,opened,closed,last_reported,credit_limit,balance,payment_history\n";
std::string tradeline(const char* person, const char* source = "bank") {
  return std::string(person) + "," + source + ",revolving,2020-01-15,,2024-06-30,1000,250,000\n";
}

/// The error of reading every block of the shard.
std::string read_error(const credo::io::shard_files& files) {
  try {
    credo::io::shard_reader r(files);
    credo::features::record_set b;
    while (r.next(b, 2)) {
    }
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

/// Same fields but the source (numbered by each reader; compared by name).
bool same_tradeline(const credo::features::tradeline_record& a, const credo::features::tradeline_record& b) {
  return a.type == b.type && a.opened == b.opened && a.closed == b.closed &&
         a.last_reported == b.last_reported && a.payment_history == b.payment_history &&
         (a.credit_limit == b.credit_limit || (std::isnan(a.credit_limit) && std::isnan(b.credit_limit))) &&
         (a.balance == b.balance || (std::isnan(a.balance) && std::isnan(b.balance)));
}

}  // namespace

TEST_CASE("the shard reader, in blocks and tiny chunks, reads what read_records reads") {
  credo::synth::bureau_options o;
  o.persons = 400;
  const auto b = credo::synth::generate(o);
  record_dir d;
  // A quoted person id with a comma and a newline crosses chunk boundaries too.
  std::string persons = credo::io::format_persons(b.records);
  persons += "\"Q,\n1\",2024-06-30,0,A,north\n";
  std::string tradelines = credo::io::format_tradelines(b.records);
  tradelines += "\"Q,\n1\",bank_a,revolving,2020-01-15,,2024-06-30,1000,250,000\n";
  const credo::io::shard_files files{d.put("p.csv", persons), d.put("t.csv", tradelines),
                                     d.put("i.csv", credo::io::format_inquiries(b.records))};
  const auto whole = credo::io::read_records(files.persons, files.tradelines, files.inquiries);
  REQUIRE(whole.persons.size() == 401);
  for (std::size_t chunk : {std::size_t{7}, std::size_t{1} << 20}) {
    credo::io::shard_reader reader(files, chunk);
    credo::features::record_set block;
    std::size_t person = 0, tl = 0, iq = 0;
    while (reader.next(block, 37)) {
      for (std::size_t p = 0; p < block.persons.size(); ++p) {
        REQUIRE(block.persons.id[p] == whole.persons.id[person + p]);
        REQUIRE(block.persons.bad[p] == whole.persons.bad[person + p]);
      }
      for (const auto& t : block.tradelines) {
        const auto& w = whole.tradelines[tl++];
        REQUIRE(t.person + person == w.person);
        REQUIRE(block.sources[t.source] == whole.sources[w.source]);
        REQUIRE(same_tradeline(t, w));
      }
      for (const auto& q : block.inquiries) {
        const auto& w = whole.inquiries[iq++];
        REQUIRE(q.person + person == w.person);
        REQUIRE(q.when == w.when);
        REQUIRE(block.sources[q.source] == whole.sources[w.source]);
      }
      person += block.persons.size();
    }
    CHECK(person == whole.persons.size());
    CHECK(tl == whole.tradelines.size());
    CHECK(iq == whole.inquiries.size());
    CHECK(whole.persons.id.back() == "Q,\n1");
  }
}

TEST_CASE("the modelling table of streamed blocks is that of the whole bureau") {
  credo::synth::bureau_options o;
  o.persons = 300;
  const auto b = credo::synth::generate(o);
  record_dir d;
  const credo::io::shard_files files{d.put("p.csv", credo::io::format_persons(b.records)),
                                     d.put("t.csv", credo::io::format_tradelines(b.records)),
                                     d.put("i.csv", credo::io::format_inquiries(b.records))};
  const auto fs = credo::features::standard_features();
  std::string whole = credo::io::applicants_header(fs);
  credo::io::append_applicants(whole, b.records, fs);
  std::string streamed = credo::io::applicants_header(fs);
  credo::io::shard_reader reader(files);
  credo::features::record_set block;
  while (reader.next(block, 41)) credo::io::append_applicants(streamed, block, fs);
  CHECK(streamed == whole);
}

TEST_CASE("a tradelines file whose person's lines resume later is refused: credo.records.not_grouped") {
  record_dir d;
  const credo::io::shard_files files{d.put("p.csv", persons_csv),
                                     d.put("t.csv", std::string(tradeline_header) + tradeline("P1") + tradeline("P2") +
                                                        tradeline("P1")),
                                     ""};
  const auto e = read_error(files);
  CHECK(e.find("[credo.records.not_grouped]") == 0);
  CHECK(e.find("t.csv' line 4") != std::string::npos);
  CHECK(e.find("'P1'") != std::string::npos);
  CHECK(e.find("line 2") != std::string::npos);  // her first line
}

TEST_CASE("records grouped but not in the persons file's order are refused: credo.records.out_of_order") {
  record_dir d;
  const credo::io::shard_files files{
      d.put("p.csv", persons_csv), d.put("t.csv", std::string(tradeline_header) + tradeline("P1")),
      d.put("i.csv", "person_id,source,date\nP3,bank,2024-01-01\nP2,bank,2024-01-01\n")};
  const auto e = read_error(files);
  CHECK(e.find("[credo.records.out_of_order]") == 0);
  CHECK(e.find("i.csv' line 3") != std::string::npos);
  CHECK(e.find("'P2'") != std::string::npos);
}

TEST_CASE("a record of a person not in the shard's persons file is refused: credo.records.unknown_person") {
  record_dir d;
  const credo::io::shard_files files{d.put("p.csv", persons_csv),
                                     d.put("t.csv", std::string(tradeline_header) + tradeline("P1") +
                                                        tradeline("P9") + tradeline("P2")),
                                     ""};
  const auto e = read_error(files);
  CHECK(e.find("[credo.records.unknown_person]") == 0);
  CHECK(e.find("t.csv' line 3, column 'person_id'") != std::string::npos);
  CHECK(e.find("'P9'") != std::string::npos);
}

TEST_CASE("a person twice in a shard's persons file is refused: credo.records.duplicate_person") {
  record_dir d;
  const credo::io::shard_files files{
      d.put("p.csv", std::string(persons_csv) + "P2,2024-06-30,0,A\n"),
      d.put("t.csv", tradeline_header), ""};
  const auto e = read_error(files);
  CHECK(e.find("[credo.records.duplicate_person]") == 0);
  CHECK(e.find("p.csv' line 5") != std::string::npos);
  CHECK(e.find("first on line 3") != std::string::npos);
}

TEST_CASE("field errors of a streamed file name the file and line as the whole-file reader does") {
  record_dir d;
  std::string bad = std::string(tradeline_header) + tradeline("P1") +
                    "P2,bank,revolving,2020-01-15,,2019-06-30,1000,250,000\n";
  const credo::io::shard_files files{d.put("p.csv", persons_csv), d.put("t.csv", bad), ""};
  const auto e = read_error(files);
  CHECK(e.find("[credo.records.date_order]") == 0);
  CHECK(e.find("t.csv' line 3, column 'last_reported'") != std::string::npos);
  CHECK(read_error({d.put("q.csv", "person_id,as_of\n\"P1,2024-06-30\n"), files.tradelines, ""})
            .find("[credo.csv.unterminated_quote]") == 0);
  CHECK(read_error({(d.path / "missing.csv").string(), files.tradelines, ""}).find("[credo.records.open_failed]") == 0);
}

TEST_CASE("a streamed records file whose header names a column twice is refused: credo.records.duplicate_column") {
  record_dir d;
  const credo::io::shard_files files{d.put("p.csv", persons_csv),
                                     d.put("t.csv", "person_id,source,account_type,source\n"), ""};
  const auto e = read_error(files);
  CHECK(e.find("[credo.records.duplicate_column]") != std::string::npos);
  CHECK(e.find("t.csv") != std::string::npos);
  CHECK(e.find("column 'source' appears twice in the header (fields 2 and 4)") != std::string::npos);
}
