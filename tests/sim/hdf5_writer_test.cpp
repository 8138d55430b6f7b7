// The HDF5 writer: tables and attributes read back with the C API; a failed write leaves no
// file and keeps an earlier one intact.
#include "sim/output/hdf5_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "sim/core/error.hpp"
#include "tests/sim/hdf5_test_reader.hpp"
#include "tests/sim/sweep_test_fixtures.hpp"

namespace servesim {
namespace {

Table small_table() {
  Table t;
  t.description = "three rows";
  t.add("x_s", "s", "a time", Column::Kind::kFloat64).f64 = {
      1.5, std::numeric_limits<double>::quiet_NaN(), -2};
  t.add("n", "1", "a count", Column::Kind::kInt64).i64 = {-7, 0, 1LL << 40};
  t.add("h", "1", "a hash", Column::Kind::kUint64).u64 = {~0ULL, 1, 2};
  t.add("name", "", "text", Column::Kind::kString).str = {"GB200 NVL72", "", "µ-ünïcode"};
  return t;
}

TEST(Hdf5Writer, TablesAndAttributesReadBack) {
  testing::SweepScratchDir dir;
  const Table t = small_table();
  Hdf5Document doc;
  doc.root_attributes = {Hdf5Attribute::string("version", "1.2"),
                         Hdf5Attribute::integer("count", 42),
                         Hdf5Attribute::strings("names", {"a", "b c"})};
  doc.tables = {{"/group/sub/table", &t, {Hdf5Attribute::string("extra", "yes")}}};
  const std::string path = (dir / "t.h5").string();
  write_hdf5_file(path, doc);

  testing::H5File f(path);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f.string_attr("/", "version"), "1.2");
  EXPECT_EQ(f.int_attr("/", "count"), 42);
  EXPECT_EQ(f.strings_attr("/", "names"), (std::vector<std::string>{"a", "b c"}));
  const std::string ds = "/group/sub/table";
  EXPECT_EQ(f.rows(ds), 3);
  EXPECT_EQ(f.members(ds), (std::vector<std::string>{"x_s", "n", "h", "name"}));
  EXPECT_EQ(f.strings_attr(ds, "columns"), (std::vector<std::string>{"x_s", "n", "h", "name"}));
  EXPECT_EQ(f.strings_attr(ds, "units"), (std::vector<std::string>{"s", "1", "1", ""}));
  EXPECT_EQ(f.strings_attr(ds, "column_descriptions")[1], "a count");
  EXPECT_EQ(f.string_attr(ds, "description"), "three rows");
  EXPECT_EQ(f.string_attr(ds, "extra"), "yes");
  const auto x = f.doubles(ds, "x_s");
  ASSERT_EQ(x.size(), 3u);
  EXPECT_EQ(x[0], 1.5);
  EXPECT_TRUE(std::isnan(x[1]));
  EXPECT_EQ(f.doubles(ds, "n"), (std::vector<double>{-7, 0, std::ldexp(1.0, 40)}));
  EXPECT_EQ(f.strings(ds, "name"), (std::vector<std::string>{"GB200 NVL72", "", "µ-ünïcode"}));
}

TEST(Hdf5Writer, AnEmptyTableIsADatasetWithNoRows) {
  testing::SweepScratchDir dir;
  Table t;
  t.add("reason", "", "why", Column::Kind::kString);
  Hdf5Document doc;
  doc.tables = {{"/skipped", &t, {}}};
  write_hdf5_file((dir / "e.h5").string(), doc);
  testing::H5File f((dir / "e.h5").string());
  EXPECT_EQ(f.rows("/skipped"), 0);
  EXPECT_EQ(f.members("/skipped"), (std::vector<std::string>{"reason"}));
}

TEST(Hdf5Writer, AFailedWriteLeavesNoFileAndKeepsTheOldOne) {
  testing::SweepScratchDir dir;
  const auto path = dir / "out.h5";
  testing::write_text(path, "earlier results");
  Table bad = small_table();
  bad.columns[1].i64.pop_back();  // a column shorter than the others: a bug, caught mid-write
  Hdf5Document doc;
  doc.tables = {{"/points", &bad, {}}};
  EXPECT_THROW(write_hdf5_file(path.string(), doc), CheckFailure);
  EXPECT_EQ(testing::read_bytes(path), "earlier results");
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"out.h5"}));  // no temporary left behind
}

TEST(Hdf5Writer, AnUnwritablePathIsAnInputError) {
  Hdf5Document doc;
  try {
    write_hdf5_file("/nonexistent-servesim-dir/out.h5", doc);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "/nonexistent-servesim-dir/out.h5: cannot write HDF5 file (create file failed)");
  }
}

}  // namespace
}  // namespace servesim
