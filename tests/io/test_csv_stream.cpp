#include <credo/io/csv.hpp>
#include <credo/io/csv_stream.hpp>
#include <credo/io/inputs.hpp>
#if CREDO_HAS_GZIP
#include <credo/io/gzip.hpp>
#include <zlib.h>
#endif

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using credo::io::csv_options;
using credo::io::csv_stream;
using credo::io::stream_options;

struct stream_dir {
  fs::path path;
  stream_dir() {
    path = fs::temp_directory_path() / ("credo_stream_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
    fs::create_directories(path);
  }
  ~stream_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
  std::string write(const std::string& name, const std::string& text) const {
    const auto p = (path / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
};

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

/// Every chunk of the stream, concatenated, against read_csv's table: numbers bit for bit,
/// categories by label, target and weights equal.
void check_equals_read_csv(const std::vector<std::string>& files, const csv_options& opt, const stream_options& so) {
  std::vector<credo::table> ref;
  for (const auto& f : files) ref.push_back(credo::io::read_csv(f, opt));
  csv_stream s(files, opt, so);
  credo::io::csv_chunk c;
  std::size_t shard = 0, row = 0;
  std::size_t rows = 0;
  while (s.next(c)) {
    if (c.shard != shard) {
      REQUIRE(row == ref[shard].rows());
      shard = c.shard;
      row = 0;
    }
    REQUIRE(c.first_row == row + 1);
    const auto& t = ref[shard];
    REQUIRE(c.data.columns() == t.columns());
    for (std::size_t j = 0; j < t.columns(); ++j) {
      const auto& a = c.data.at(j);
      const auto& b = t.at(j);
      REQUIRE(a.name() == b.name());
      REQUIRE(a.kind() == b.kind());
      for (std::size_t r = 0; r < a.size(); ++r) {
        if (a.is_numeric()) {
          REQUIRE(same_bits(a.values()[r], b.values()[row + r]));
        } else {
          const auto ca = a.codes()[r], cb = b.codes()[row + r];
          REQUIRE((ca == credo::column::missing_code) == (cb == credo::column::missing_code));
          if (ca != credo::column::missing_code)
            REQUIRE(a.dictionary()[static_cast<std::size_t>(ca)] == b.dictionary()[static_cast<std::size_t>(cb)]);
        }
      }
    }
    if (t.has_target())
      for (std::size_t r = 0; r < c.data.rows(); ++r) REQUIRE(c.data.target()[r] == t.target()[row + r]);
    if (t.has_weights())
      for (std::size_t r = 0; r < c.data.rows(); ++r) REQUIRE(c.data.weight(r) == t.weight(row + r));
    row += c.data.rows();
    rows += c.data.rows();
  }
  CHECK(row == ref[shard].rows());
  CHECK(s.rows_done() == rows);
}

const char* nasty =
    "\xEF\xBB\xBFid,name,amount,flag\r\n"
    "1,\"Smith, J\",10,a\r\n"
    "\r\n"
    "2,\"say \"\"hi\"\"\",1e400,b\r\n"
    "3,\"two\nlines\nhere\",-0,NA\r\n"
    "\n\n"
    "4,,?,a\r\n"
    "5,\"\",-1e400,\"b\"\r\n"
    "6,NA,4.9e-324,c";

}  // namespace

TEST_CASE("csv_stream: chunks equal read_csv on German credit, any chunk size and thread count") {
  csv_options opt;
  opt.target = "class";
  opt.bad_value = "bad";
  for (std::size_t chunk : {std::size_t{7}, std::size_t{1000}, std::size_t{1} << 20})
    for (std::size_t threads : {1, 2, 4}) {
      CAPTURE(chunk);
      CAPTURE(threads);
      stream_options so;
      so.chunk_bytes = chunk;
      so.threads = threads;
      check_equals_read_csv({credo::test::data_path("german_credit.csv")}, opt, so);
    }
}

TEST_CASE("csv_stream: quotes, CRLF, BOM, empty lines, missing tokens, 1e400 and -0 straddling chunk ends") {
  stream_dir d;
  const auto f = d.write("nasty.csv", nasty);
  for (std::size_t chunk = 1; chunk < 40; ++chunk) {
    CAPTURE(chunk);
    stream_options so;
    so.chunk_bytes = chunk;
    check_equals_read_csv({f}, {}, so);
  }
  stream_options so;
  so.chunk_bytes = 3;
  csv_stream s({f}, {}, so);
  CHECK(s.schema().names == std::vector<std::string>{"id", "name", "amount", "flag"});
  CHECK(s.schema().kinds[2] == credo::column_kind::numeric);
  CHECK(s.schema().kinds[1] == credo::column_kind::categorical);
}

TEST_CASE("csv_stream: category codes grow in order of first appearance across chunks") {
  stream_dir d;
  const auto f = d.write("c.csv", "k\nb\na\nb\nc\na\n");
  stream_options so;
  so.chunk_bytes = 2;
  csv_stream s({f}, {}, so);
  credo::io::csv_chunk c;
  std::vector<std::int32_t> codes;
  std::vector<std::string> last;
  while (s.next(c)) {
    for (auto code : c.data["k"].codes()) codes.push_back(code);
    last = c.data["k"].dictionary();
  }
  CHECK(codes == std::vector<std::int32_t>{0, 1, 0, 2, 1});
  CHECK(last == std::vector<std::string>{"b", "a", "c"});
}

TEST_CASE("csv_stream: chunk_labels keep a column's dictionary to the chunk's own labels") {
  stream_dir d;
  std::string text = "id,grade\n";
  for (int r = 0; r < 400; ++r) text += "person-" + std::to_string(r) + "," + (r % 3 == 0 ? "A" : "B") + "\n";
  const auto path = d.write("ids.csv", text);
  stream_options so;
  so.chunk_bytes = 1000;
  so.threads = 2;
  so.infer_rows = 10;  // else the inference sample, the whole file, is the first chunk
  so.chunk_labels = {"id", "not_a_column"};
  csv_stream s({path}, {}, so);
  const auto whole = credo::io::read_csv(path);
  credo::io::csv_chunk c;
  std::size_t row = 0, chunks = 0;
  while (s.next(c)) {
    ++chunks;
    const auto& id = c.data["id"];
    CHECK(id.dictionary().size() == c.data.rows());  // this chunk's ids only
    for (std::size_t r = 0; r < c.data.rows(); ++r, ++row) {
      CHECK(id.dictionary()[static_cast<std::size_t>(id.codes()[r])] ==
            whole["id"].dictionary()[static_cast<std::size_t>(whole["id"].codes()[row])]);
      CHECK(c.data["grade"].codes()[r] == whole["grade"].codes()[row]);  // stable codes elsewhere
    }
  }
  CHECK(chunks > 5);
  CHECK(row == 400);
}

TEST_CASE("csv_stream: the first infer_rows rows decide; a later non-number is an error or missing") {
  stream_dir d;
  const auto f = d.write("m.csv", "x,y\n1,a\n2,b\nzz,c\n4,d\n");
  stream_options so;
  so.infer_rows = 2;
  {
    csv_stream s({f}, {}, so);
    CHECK(s.schema().kinds[0] == credo::column_kind::numeric);
    credo::io::csv_chunk c;
    CHECK_THROWS_WITH_AS(s.next(c),
                         ("[credo.csv.mixed_column] '" + f +
                          "' row 3, column 'x': 'zz' is not a number, but the first rows made the column numeric; "
                          "treat such cells as missing or declare the column categorical")
                             .c_str(),
                         credo::io_error);
  }
  csv_options opt;
  opt.bad_numbers = credo::io::bad_number_policy::missing;
  csv_stream s({f}, opt, so);
  credo::io::csv_chunk c;
  REQUIRE(s.next(c));
  CHECK(std::isnan(c.data["x"].values()[2]));
  REQUIRE(s.bad_cells_found().size() == 1);
  CHECK(s.bad_cells_found()[0].rows == std::vector<std::size_t>{3});
  CHECK(s.bad_cells_found()[0].first_value == "zz");
  CHECK(s.bad_cells_found()[0].source == f);
  // With the whole file in the sample, the kind is read_csv's: mostly numbers stays numeric.
  csv_stream all({f}, opt);
  CHECK(all.schema().kinds[0] == credo::io::read_csv(f, opt)["x"].kind());

  opt = {};
  opt.types["x"] = credo::column_kind::numeric;
  csv_stream declared({f}, opt, so);
  CHECK_THROWS_WITH_AS(declared.next(c),
                       ("[credo.csv.bad_number] '" + f +
                        "' row 3, column 'x': 'zz' is not a number, and the column is declared numeric")
                           .c_str(),
                       credo::io_error);
}

TEST_CASE("csv_stream: shards read as one input; headers must agree; only() and rewind()") {
  stream_dir d;
  const auto a = d.write("part-1.csv", "x,k\n1,a\n2,b\n");
  const auto b = d.write("part-2.csv", "x,k\n3,c\n4,a\n5,b\n");
  d.write("other.csv", "y,k\n1,a\n");
  const auto files = credo::io::expand_inputs((d.path / "part-*.csv").string());
  CHECK(files == std::vector<std::string>{a, b});
  CHECK_THROWS_WITH_AS(credo::io::expand_inputs((d.path / "none-*.csv").string()),
                       ("[credo.io.no_match] '" + (d.path / "none-*.csv").string() +
                        "': no file exists by that name or matches it as a pattern")
                           .c_str(),
                       credo::invalid_input);
  CHECK(credo::io::expand_inputs(a) == std::vector<std::string>{a});

  stream_options so;
  so.chunk_bytes = 4;
  check_equals_read_csv(files, {}, so);
  csv_stream s(files, {}, so);
  CHECK(s.shards() == 2);
  CHECK(s.bytes_total() == fs::file_size(a) + fs::file_size(b));
  credo::io::csv_chunk c;
  std::vector<double> xs;
  std::uint64_t last = 0;
  while (s.next(c)) {
    CHECK(s.bytes_done() >= last);
    last = s.bytes_done();
    for (double v : c.data["x"].values()) xs.push_back(v);
  }
  CHECK(xs == std::vector<double>{1, 2, 3, 4, 5});
  CHECK(s.bytes_done() == s.bytes_total());
  CHECK(s.rows_done() == 5);
  s.only({1});
  xs.clear();
  std::vector<std::string> labels;
  while (s.next(c)) {
    CHECK(c.shard == 1);
    for (double v : c.data["x"].values()) xs.push_back(v);
    for (auto code : c.data["k"].codes()) labels.push_back(c.data["k"].dictionary()[static_cast<std::size_t>(code)]);
  }
  CHECK(xs == std::vector<double>{3, 4, 5});
  CHECK(labels == std::vector<std::string>{"c", "a", "b"});
  CHECK(s.bytes_total() == fs::file_size(b));
  s.rewind();
  REQUIRE(s.next(c));
  CHECK(c.data["x"].values()[0] == 3);
  CHECK_THROWS_WITH_AS(s.only({2}), "[credo.csv.no_shard] shard 2 does not exist (2 inputs)", credo::invalid_input);

  csv_stream bad({a, (d.path / "other.csv").string()}, {}, so);
  bool threw = false;
  try {
    while (bad.next(c)) {
    }
  } catch (const credo::io_error& e) {
    threw = true;
    CHECK(std::string(e.what()) == "[credo.csv.header_mismatch] '" + (d.path / "other.csv").string() +
                                       "': the header differs from that of '" + a +
                                       "' (column 1 is 'y' here, 'x' there)");
  }
  CHECK(threw);
}

TEST_CASE("csv_stream: only the columns asked for; target and weights per chunk") {
  stream_dir d;
  const auto f = d.write("t.csv", "a,b,w,y\n1,x,1,good\n2,y,2,bad\n3,x,0,good\n");
  csv_options opt;
  opt.target = "y";
  opt.bad_value = "bad";
  opt.weight = "w";
  stream_options so;
  so.columns = {"b"};
  so.chunk_bytes = 5;
  csv_stream s({f}, opt, so);
  CHECK(s.schema().names == std::vector<std::string>{"b"});
  credo::io::csv_chunk c;
  std::vector<std::uint8_t> y;
  std::vector<double> w;
  while (s.next(c)) {
    CHECK(c.data.columns() == 1);
    for (auto v : c.data.target()) y.push_back(v);
    for (auto v : c.data.weights()) w.push_back(v);
  }
  CHECK(y == std::vector<std::uint8_t>{0, 1, 0});
  CHECK(w == std::vector<double>{1, 2, 0});
  so.columns = {"nope"};
  CHECK_THROWS_WITH_AS(csv_stream({f}, opt, so),
                       ("[credo.csv.unknown_column] '" + f + "': column 'nope' (stream_options::columns) is not in the header").c_str(),
                       credo::invalid_input);
}

TEST_CASE("csv_stream: errors name the file, line or row and column") {
  stream_dir d;
  csv_options none;
  stream_options so;
  so.chunk_bytes = 3;
  credo::io::csv_chunk c;
  const auto empty = d.write("empty.csv", "");
  CHECK_THROWS_WITH_AS(csv_stream({empty}), ("[credo.csv.empty] '" + empty + "': no header row").c_str(), credo::io_error);
  const auto header_only = d.write("h.csv", "a,b\n");
  csv_stream h({header_only}, none, so);
  CHECK_FALSE(h.next(c));
  CHECK(h.schema().names.size() == 2);
  const auto ragged = d.write("r.csv", "a,b\n1,2\n\n3\n");
  csv_stream r({ragged}, none, so);
  CHECK_THROWS_WITH_AS(while (r.next(c)){}, ("[credo.csv.field_count] '" + ragged + "' line 4: 1 fields, the header has 2").c_str(),
                       credo::io_error);
  const auto quote = d.write("q.csv", "a,b\n1,2\n3,\"x\n");
  // A syntax error inside the inference sample is found when the stream is made.
  auto read_all = [&](const std::string& f) {
    csv_stream s({f}, none, so);
    while (s.next(c)) {
    }
  };
  CHECK_THROWS_WITH_AS(read_all(quote), ("[credo.csv.unterminated_quote] '" + quote + "' line 3, field 2: a quoted field never closes").c_str(),
                       credo::io_error);
  const auto stray = d.write("s.csv", "a,b\n1,2\n3,x\"y\n");
  CHECK_THROWS_WITH_AS(read_all(stray),
                       ("[credo.csv.stray_quote] '" + stray + "' line 3, field 2: a quote inside an unquoted field (quote the whole field)").c_str(),
                       credo::io_error);
  // Without credo/io/gzip.hpp no opener is registered: a gzip file is refused as such.
  const auto gz = d.write("g.csv.gz", std::string("\x1f\x8b\x08\x00", 4));
  const auto saved = credo::io::detail::registered_gzip();
  credo::io::detail::registered_gzip() = nullptr;
  CHECK_THROWS_WITH_AS(csv_stream({gz}),
                       ("[credo.io.gzip_unsupported] '" + gz +
                        "' is gzip-compressed; include <credo/io/gzip.hpp> and link credo::gzip (zlib) to read it, "
                        "or decompress it first")
                           .c_str(),
                       credo::io_error);
  credo::io::detail::registered_gzip() = saved;
  CHECK_THROWS_WITH_AS(csv_stream({"-", header_only}),
                       "[credo.csv.stdin_alone] standard input ('-') is read alone, not among 2 inputs", credo::invalid_input);
  CHECK_THROWS_WITH_AS(csv_stream(std::vector<std::string>{}), "[credo.csv.no_input] csv_stream: no input file given",
                       credo::invalid_input);
}

#if CREDO_HAS_GZIP
namespace {
void write_gzip(const std::string& path, const std::string& text, const char* mode = "wb") {
  gzFile f = gzopen(path.c_str(), mode);
  REQUIRE(f != nullptr);
  REQUIRE(gzwrite(f, text.data(), static_cast<unsigned>(text.size())) == static_cast<int>(text.size()));
  REQUIRE(gzclose(f) == Z_OK);
}
}  // namespace

TEST_CASE("csv_stream: gzip files, multi-member ones too, read as the plain file; a damaged one is refused") {
  stream_dir d;
  const std::string text = credo::detail::read_whole_file(credo::test::data_path("german_credit.csv"),
                                                          credo::detail::no_file_limit, "credo.csv");
  const auto plain = d.write("g.csv", text);
  const auto gz = (d.path / "g.csv.gz").string();
  write_gzip(gz, text);
  // Two members: the second half appended as its own gzip stream ("ab" mode).
  const auto multi = (d.path / "m.csv.gz").string();
  write_gzip(multi, text.substr(0, text.size() / 2));
  write_gzip(multi, text.substr(text.size() / 2), "ab");
  csv_options opt;
  opt.target = "class";
  opt.bad_value = "bad";
  for (const auto& f : {gz, multi}) {
    stream_options so;
    so.chunk_bytes = 5000;
    csv_stream s({f}, opt, so);
    credo::io::csv_chunk c;
    std::vector<double> amounts;
    while (s.next(c))
      for (double v : c.data["credit_amount"].values()) amounts.push_back(v);
    const auto ref = credo::io::read_csv(plain, opt);
    REQUIRE(amounts.size() == ref.rows());
    for (std::size_t r = 0; r < amounts.size(); ++r) REQUIRE(same_bits(amounts[r], ref["credit_amount"].values()[r]));
    CHECK(s.bytes_done() == fs::file_size(f));
    CHECK(s.bytes_total() == fs::file_size(f));
  }
  // Truncated: the stream ends before the gzip trailer.
  const std::string whole = credo::detail::read_whole_file(gz, credo::detail::no_file_limit, "credo.csv");
  const auto cut = d.write("cut.csv.gz", whole.substr(0, whole.size() / 2));
  auto read_all = [&](const std::string& f) {
    csv_stream s({f}, opt);
    credo::io::csv_chunk c;
    while (s.next(c)) {
    }
  };
  bool threw = false;
  try {
    read_all(cut);
  } catch (const credo::io_error& e) {
    threw = true;
    CHECK(e.id() == "credo.io.gzip_corrupt");
    CHECK(std::string(e.what()).find("'" + cut + "': the gzip data is damaged or truncated") != std::string::npos);
  }
  CHECK(threw);
  CHECK_THROWS_WITH_AS(read_all(cut), doctest::Contains("[credo.io.gzip_corrupt]"), credo::io_error);
}
#endif
