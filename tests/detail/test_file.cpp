// The shared whole-file reader (detail/file.hpp): its ids and its size limit.
#include <credo/detail/file.hpp>

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

TEST_CASE("read_whole_file reads a file whole, refuses one above the limit or missing") {
  const auto path = (std::filesystem::temp_directory_path() / "credo_test_read_whole_file.txt").string();
  {
    std::ofstream out(path, std::ios::binary);
    out << "a,b\n1,2\n";
  }
  CHECK(credo::detail::read_whole_file(path, 100, "credo.csv") == "a,b\n1,2\n");
  CHECK(credo::detail::read_whole_file(path, 8, "credo.csv") == "a,b\n1,2\n");
  CHECK_THROWS_WITH_AS(credo::detail::read_whole_file(path, 7, "credo.session_file"),
                       ("[credo.session_file.too_large] '" + path + "': 8 bytes, more than the limit 7").c_str(),
                       credo::io_error);
  std::remove(path.c_str());
  CHECK_THROWS_WITH_AS(credo::detail::read_whole_file("/nonexistent/x.csv", 100, "credo.records"),
                       "[credo.records.open_failed] '/nonexistent/x.csv': cannot open the file: No such file or directory", credo::io_error);
}

TEST_CASE("read_whole_file reads an empty file as empty text") {
  const auto path = (std::filesystem::temp_directory_path() / "credo_test_read_whole_file_empty.txt").string();
  { std::ofstream out(path, std::ios::binary); }
  CHECK(credo::detail::read_whole_file(path, 0, "credo.csv").empty());
  std::remove(path.c_str());
}
