// A streamed program: fits a scorecard on a CSV read in chunks, in memory that does not grow
// with the rows, and shows that on data that fits in memory it is the in-memory workflow's
// card, bit for bit. The chunks are small here (64 KB) so that German credit's 1,000 rows
// come in several; a bureau's file would use the default 16 MB.
//   ./stream_program data/german_credit.csv
#include <credo/binning/stream.hpp>
#include <credo/io/csv.hpp>
#include <credo/io/csv_stream.hpp>
#include <credo/model/stream_workflow.hpp>
#include <credo/model/workflow.hpp>

#include <cstdio>
#include <exception>
#include <string>

int main(int argc, char** argv) try {
  using namespace credo;
  const std::string path = argc > 1 ? argv[1] : "data/german_credit.csv";
  io::csv_options read;
  read.target = "class";
  read.bad_value = "bad";
  io::stream_options chunks;
  chunks.chunk_bytes = 64 << 10;
  io::csv_stream stream({path}, read, chunks);

  model::scorecard_plan plan;
  plan.binning.columns = stream.schema().names;
  std::erase(plan.binning.columns, std::string("age"));  // protected attributes stay out
  std::erase(plan.binning.columns, std::string("personal_status"));

  // Pass 1: candidates of every column's pre-bins; pass 2: their exact counts, and each row's
  // pre-bins kept as two bytes a cell. Then every fit and metric reads the kept codes.
  binning::stream_binner binner(stream.schema().names, stream.schema().kinds, plan.binning);
  auto first = binner.start();
  io::csv_chunk chunk;
  std::size_t chunks_read = 0;
  while (stream.next(chunk)) binner.fill(first, chunk.data), ++chunks_read;
  auto second = binner.next(first);
  model::bin_code_store store(binner, first, second);
  stream.rewind();
  while (stream.next(chunk)) binner.fill(second, chunk.data), store.add(chunk.shard, chunk.data);
  store.close();
  auto encoder = binner.encoder(binner.finish(first, second));
  store.bind(encoder);
  const auto streamed = model::fit_scorecard_stream(encoder, store, plan);
  const auto& card = streamed.fit.card;
  std::printf("%zu chunks, %llu rows; %zu characteristics selected\n", chunks_read,
              static_cast<unsigned long long>(store.rows()), streamed.fit.selected.size());
  std::printf("training AUC %.4f\n", streamed.training.auc.value());

  // The same plan on the whole table in memory: the same card.
  const auto whole = model::fit_scorecard(io::read_csv(path, read), plan);
  const bool same = whole.selected == streamed.fit.selected && whole.card.points_table().size() == card.points_table().size() &&
                    whole.model.coefficients[0].estimate == streamed.fit.model.coefficients[0].estimate;
  bool same_points = same;
  for (std::size_t i = 0; same_points && i < card.points_table().size(); ++i)
    same_points = card.points_table()[i].points == whole.card.points_table()[i].points;
  std::printf("in memory: %s\n", same_points ? "the same card, bit for bit" : "A DIFFERENT CARD");
  return same_points ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "stream_program: %s\n", e.what());
  return 1;
}
