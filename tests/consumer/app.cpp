// A consumer of credo: builds a table by hand and checks a figure, so a broken install fails.
#include <credo/credo.hpp>
#include <cstdio>

int main() {
  credo::table t;
  t.add(credo::column::numeric("x", {1.0, 2.0, 3.0}));
  if (t.rows() != 3 || t["x"].values()[2] != 3.0) {
    std::puts("credo consumer: wrong table");
    return 1;
  }
  std::puts("credo consumer: ok");
  return 0;
}
