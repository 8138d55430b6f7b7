// HDF5 input through the C API: root attributes and compound tables of files servesim wrote.
#include "sim/output/hdf5_reader.hpp"

#include <fmt/format.h>
#include <hdf5.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "sim/core/error.hpp"

namespace servesim {
namespace {

/// Closes one HDF5 identifier with the matching function.
class Id {
 public:
  using Closer = herr_t (*)(hid_t);
  Id(hid_t id, Closer closer) : id_(id), close_(closer) {}
  Id(Id&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = -1; }
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  Id& operator=(Id&&) = delete;
  ~Id() {
    if (id_ >= 0) close_(id_);
  }
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  Closer close_;
};

Id utf8_string_type() {
  Id t(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(t.get(), H5T_VARIABLE);
  H5Tset_cset(t.get(), H5T_CSET_UTF8);
  return t;
}

/// The root attribute `name` of `file` when it is a scalar of class `cls` (a variable-length
/// string for H5T_STRING); otherwise `fail()`, which throws.
template <typename Fail>
Id scalar_attribute(hid_t file, const std::string& name, H5T_class_t cls, Fail fail) {
  if (H5Aexists_by_name(file, "/", name.c_str(), H5P_DEFAULT) <= 0) fail();
  Id a(H5Aopen_by_name(file, "/", name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!a.ok()) fail();
  Id type(H5Aget_type(a.get()), H5Tclose);
  Id space(H5Aget_space(a.get()), H5Sclose);
  if (H5Tget_class(type.get()) != cls || (cls == H5T_STRING && !H5Tis_variable_str(type.get())) ||
      H5Sget_simple_extent_type(space.get()) != H5S_SCALAR) {
    fail();
  }
  return a;
}

}  // namespace

Hdf5Reader::Hdf5Reader(const std::string& path) : path_(path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // failures are reported by us, in one line
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw InputError(fmt::format("{}: is a directory, not a file", path));
  }
  if (!std::ifstream(path, std::ios::binary)) {
    throw InputError(fmt::format("{}: cannot open file", path));
  }
  if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError(fmt::format("{}: not an HDF5 file", path));
  file_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file_ < 0) throw InputError(fmt::format("{}: cannot open the HDF5 file", path));
}

Hdf5Reader::~Hdf5Reader() {
  if (file_ >= 0) H5Fclose(static_cast<hid_t>(file_));
}

bool Hdf5Reader::has_attribute(const std::string& name) const {
  return H5Aexists_by_name(static_cast<hid_t>(file_), "/", name.c_str(), H5P_DEFAULT) > 0;
}

std::string Hdf5Reader::string_attribute(const std::string& name) const {
  auto fail = [&] {
    throw InputError(fmt::format("{}: attribute {}: missing or not a string", path_, name));
  };
  const Id a = scalar_attribute(static_cast<hid_t>(file_), name, H5T_STRING, fail);
  Id str = utf8_string_type();
  char* p = nullptr;
  if (H5Aread(a.get(), str.get(), &p) < 0) fail();
  std::string out = p ? p : "";
  H5free_memory(p);
  return out;
}

std::int64_t Hdf5Reader::integer_attribute(const std::string& name) const {
  auto fail = [&] {
    throw InputError(fmt::format("{}: attribute {}: missing or not an integer", path_, name));
  };
  const Id a = scalar_attribute(static_cast<hid_t>(file_), name, H5T_INTEGER, fail);
  std::int64_t v = 0;
  if (H5Aread(a.get(), H5T_NATIVE_INT64, &v) < 0) fail();
  return v;
}

Table Hdf5Reader::table(const std::string& dataset) const {
  auto fail = [&](const std::string& why) {
    throw InputError(fmt::format("{}: {}: {}", path_, dataset, why));
  };
  if (H5Lexists(static_cast<hid_t>(file_), dataset.c_str(), H5P_DEFAULT) <= 0) fail("missing");
  Id ds(H5Dopen2(static_cast<hid_t>(file_), dataset.c_str(), H5P_DEFAULT), H5Dclose);
  if (!ds.ok()) fail("not a dataset");
  Id type(H5Dget_type(ds.get()), H5Tclose);
  Id space(H5Dget_space(ds.get()), H5Sclose);
  if (H5Tget_class(type.get()) != H5T_COMPOUND || H5Sget_simple_extent_ndims(space.get()) != 1) {
    fail("not a table (a 1-D compound dataset)");
  }
  hsize_t rows = 0;
  H5Sget_simple_extent_dims(space.get(), &rows, nullptr);

  // One packed memory layout: 8 bytes per number, a pointer per string.
  Id str = utf8_string_type();
  Id mem(H5Tcreate(H5T_COMPOUND, 1), H5Tclose);
  Table t;
  std::vector<std::size_t> offset;
  std::size_t row_size = 0;
  const int members = H5Tget_nmembers(type.get());
  for (int k = 0; k < members; ++k) {
    const auto u = static_cast<unsigned>(k);
    char* raw = H5Tget_member_name(type.get(), u);
    const std::string name = raw ? raw : "";
    H5free_memory(raw);
    Id member(H5Tget_member_type(type.get(), u), H5Tclose);
    Column::Kind kind = Column::Kind::kFloat64;
    hid_t mt = H5T_NATIVE_DOUBLE;
    switch (H5Tget_class(member.get())) {
      case H5T_FLOAT:
        break;
      case H5T_INTEGER: {
        const bool is_signed = H5Tget_sign(member.get()) == H5T_SGN_2;
        kind = is_signed ? Column::Kind::kInt64 : Column::Kind::kUint64;
        mt = is_signed ? H5T_NATIVE_INT64 : H5T_NATIVE_UINT64;
        break;
      }
      case H5T_STRING:
        if (!H5Tis_variable_str(member.get()))
          fail(fmt::format("{}: not a variable-length string", name));
        kind = Column::Kind::kString;
        mt = str.get();
        break;
      default:
        fail(fmt::format("{}: neither a number nor a string", name));
    }
    t.add(name, "", "", kind);
    offset.push_back(row_size);
    row_size += kind == Column::Kind::kString ? sizeof(char*) : 8;
    H5Tset_size(mem.get(), row_size);
    if (H5Tinsert(mem.get(), name.c_str(), offset.back(), mt) < 0)
      fail(fmt::format("{}: unreadable", name));
  }
  if (members <= 0) fail("a table without columns");
  std::vector<unsigned char> buffer(row_size * rows, 0);
  if (rows > 0 && H5Dread(ds.get(), mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()) < 0) {
    fail("cannot be read");
  }
  for (std::size_t k = 0; k < t.columns.size(); ++k) {
    Column& c = t.columns[k];
    for (std::size_t r = 0; r < rows; ++r) {
      const unsigned char* src = buffer.data() + r * row_size + offset[k];
      switch (c.kind) {
        case Column::Kind::kFloat64:
          c.f64.emplace_back();
          std::memcpy(&c.f64.back(), src, 8);
          break;
        case Column::Kind::kInt64:
          c.i64.emplace_back();
          std::memcpy(&c.i64.back(), src, 8);
          break;
        case Column::Kind::kUint64:
          c.u64.emplace_back();
          std::memcpy(&c.u64.back(), src, 8);
          break;
        case Column::Kind::kString: {
          const char* p = nullptr;
          std::memcpy(&p, src, sizeof p);
          c.str.emplace_back(p ? p : "");
          break;
        }
      }
    }
  }
  if (rows > 0) H5Dvlen_reclaim(mem.get(), space.get(), H5P_DEFAULT, buffer.data());
  return t;
}

}  // namespace servesim
