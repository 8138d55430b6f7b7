// HDF5 output through the C API, with object time tracking off so that the bytes are
// reproducible.
#include "sim/output/hdf5_writer.hpp"

#include <fmt/format.h>
#include <hdf5.h>

#include <cstdio>
#include <cstring>
#include <set>

#include "sim/output/atomic_file.hpp"
#include "sim/core/error.hpp"

namespace servesim {

Hdf5Attribute Hdf5Attribute::string(std::string name, std::string value) {
  Hdf5Attribute a;
  a.name = std::move(name);
  a.kind = Kind::kString;
  a.text = std::move(value);
  return a;
}

Hdf5Attribute Hdf5Attribute::number(std::string name, double value) {
  Hdf5Attribute a;
  a.name = std::move(name);
  a.kind = Kind::kFloat64;
  a.f64 = value;
  return a;
}

Hdf5Attribute Hdf5Attribute::integer(std::string name, std::int64_t value) {
  Hdf5Attribute a;
  a.name = std::move(name);
  a.kind = Kind::kInt64;
  a.i64 = value;
  return a;
}

Hdf5Attribute Hdf5Attribute::strings(std::string name, std::vector<std::string> values) {
  Hdf5Attribute a;
  a.name = std::move(name);
  a.kind = Kind::kStringList;
  a.list = std::move(values);
  return a;
}

namespace {

/// Thrown inside the writer when an HDF5 call fails; turned into an InputError naming the file.
struct Hdf5Failure {
  std::string what;
};

hid_t ok(hid_t id, const char* what) {
  if (id < 0) throw Hdf5Failure{what};
  return id;
}

void ok_status(herr_t status, const char* what) {
  if (status < 0) throw Hdf5Failure{what};
}

/// Owns one HDF5 identifier and closes it with the matching function.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle(hid_t id, Closer closer, const char* what) : id_(ok(id, what)), close_(closer) {}
  Handle(Handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = -1; }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle& operator=(Handle&&) = delete;
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  hid_t get() const { return id_; }
  /// Closes now, reporting failure (a file's close flushes it).
  void close(const char* what) {
    const hid_t id = id_;
    id_ = -1;
    ok_status(close_(id), what);
  }

 private:
  hid_t id_;
  Closer close_;
};

Handle utf8_string_type() {
  Handle t(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  ok_status(H5Tset_size(t.get(), H5T_VARIABLE), "string size");
  ok_status(H5Tset_cset(t.get(), H5T_CSET_UTF8), "string charset");
  return t;
}

void write_attribute(hid_t loc, const Hdf5Attribute& a) {
  switch (a.kind) {
    case Hdf5Attribute::Kind::kString: {
      Handle type = utf8_string_type();
      Handle space(H5Screate(H5S_SCALAR), H5Sclose, "attribute space");
      Handle attr(H5Acreate2(loc, a.name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                  H5Aclose, "create attribute");
      const char* p = a.text.c_str();
      ok_status(H5Awrite(attr.get(), type.get(), &p), "write attribute");
      break;
    }
    case Hdf5Attribute::Kind::kStringList: {
      Handle type = utf8_string_type();
      const hsize_t n = a.list.size();
      Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "attribute space");
      Handle attr(H5Acreate2(loc, a.name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                  H5Aclose, "create attribute");
      std::vector<const char*> ptrs;
      for (const auto& s : a.list) ptrs.push_back(s.c_str());
      if (n > 0) ok_status(H5Awrite(attr.get(), type.get(), ptrs.data()), "write attribute");
      break;
    }
    case Hdf5Attribute::Kind::kFloat64:
    case Hdf5Attribute::Kind::kInt64: {
      const bool f = a.kind == Hdf5Attribute::Kind::kFloat64;
      Handle space(H5Screate(H5S_SCALAR), H5Sclose, "attribute space");
      Handle attr(H5Acreate2(loc, a.name.c_str(), f ? H5T_IEEE_F64LE : H5T_STD_I64LE, space.get(),
                             H5P_DEFAULT, H5P_DEFAULT),
                  H5Aclose, "create attribute");
      ok_status(f ? H5Awrite(attr.get(), H5T_NATIVE_DOUBLE, &a.f64)
                  : H5Awrite(attr.get(), H5T_NATIVE_INT64, &a.i64),
                "write attribute");
      break;
    }
  }
}

/// Object creation properties without modification times, for groups and datasets.
Handle untimed(hid_t plist_class) {
  Handle p(H5Pcreate(plist_class), H5Pclose, "property list");
  ok_status(H5Pset_obj_track_times(p.get(), 0), "disable time tracking");
  return p;
}

class Writer {
 public:
  explicit Writer(hid_t file) : file_(file), gcpl_(untimed(H5P_GROUP_CREATE)) {
    created_.insert("/");
  }

  /// Creates `path` and any missing parent groups.
  void ensure_group(const std::string& path) {
    if (created_.count(path)) return;
    const auto slash = path.rfind('/');
    ensure_group(slash == 0 ? "/" : path.substr(0, slash));
    Handle g(H5Gcreate2(file_, path.c_str(), H5P_DEFAULT, gcpl_.get(), H5P_DEFAULT), H5Gclose,
             "create group");
    created_.insert(path);
  }

  void group(const Hdf5Group& g) {
    ensure_group(g.path);
    Handle h(H5Gopen2(file_, g.path.c_str(), H5P_DEFAULT), H5Gclose, "open group");
    for (const auto& a : g.attributes) write_attribute(h.get(), a);
  }

  void table(const Hdf5Table& t) {
    SERVESIM_CHECK(t.table != nullptr && !t.path.empty() && t.path.front() == '/');
    const Table& table = *t.table;
    const std::size_t rows = table.rows();
    const auto slash = t.path.rfind('/');
    ensure_group(slash == 0 ? "/" : t.path.substr(0, slash));

    // One packed layout for memory and file; only the member types differ.
    Handle str = utf8_string_type();
    std::vector<std::size_t> offset;
    std::size_t row_size = 0;
    for (const auto& c : table.columns) {
      SERVESIM_CHECK(c.size() == rows, "every column of a table has the same length");
      offset.push_back(row_size);
      row_size += c.kind == Column::Kind::kString ? sizeof(const char*) : 8;
    }
    SERVESIM_CHECK(row_size > 0, "a table has columns");
    Handle file_type(H5Tcreate(H5T_COMPOUND, row_size), H5Tclose, "compound type");
    Handle mem_type(H5Tcreate(H5T_COMPOUND, row_size), H5Tclose, "compound type");
    for (std::size_t k = 0; k < table.columns.size(); ++k) {
      const Column& c = table.columns[k];
      hid_t ft = str.get(), mt = str.get();
      switch (c.kind) {
        case Column::Kind::kFloat64: ft = H5T_IEEE_F64LE; mt = H5T_NATIVE_DOUBLE; break;
        case Column::Kind::kInt64: ft = H5T_STD_I64LE; mt = H5T_NATIVE_INT64; break;
        case Column::Kind::kUint64: ft = H5T_STD_U64LE; mt = H5T_NATIVE_UINT64; break;
        case Column::Kind::kString: break;
      }
      ok_status(H5Tinsert(file_type.get(), c.name.c_str(), offset[k], ft), "compound member");
      ok_status(H5Tinsert(mem_type.get(), c.name.c_str(), offset[k], mt), "compound member");
    }
    std::vector<unsigned char> buffer(row_size * rows, 0);
    for (std::size_t k = 0; k < table.columns.size(); ++k) {
      const Column& c = table.columns[k];
      for (std::size_t r = 0; r < rows; ++r) {
        unsigned char* dst = buffer.data() + r * row_size + offset[k];
        switch (c.kind) {
          case Column::Kind::kFloat64: std::memcpy(dst, &c.f64[r], 8); break;
          case Column::Kind::kInt64: std::memcpy(dst, &c.i64[r], 8); break;
          case Column::Kind::kUint64: std::memcpy(dst, &c.u64[r], 8); break;
          case Column::Kind::kString: {
            const char* p = c.str[r].c_str();
            std::memcpy(dst, &p, sizeof p);
            break;
          }
        }
      }
    }
    const hsize_t n = rows;
    Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "dataspace");
    Handle dcpl = untimed(H5P_DATASET_CREATE);
    Handle ds(H5Dcreate2(file_, t.path.c_str(), file_type.get(), space.get(), H5P_DEFAULT,
                         dcpl.get(), H5P_DEFAULT),
              H5Dclose, "create dataset");
    if (rows > 0) {
      ok_status(H5Dwrite(ds.get(), mem_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()),
                "write dataset");
    }
    std::vector<std::string> names, units, descriptions;
    for (const auto& c : table.columns) {
      names.push_back(c.name);
      units.push_back(c.units);
      descriptions.push_back(c.description);
    }
    write_attribute(ds.get(), Hdf5Attribute::string("description", table.description));
    write_attribute(ds.get(), Hdf5Attribute::strings("columns", names));
    write_attribute(ds.get(), Hdf5Attribute::strings("units", units));
    write_attribute(ds.get(), Hdf5Attribute::strings("column_descriptions", descriptions));
    for (const auto& a : t.attributes) write_attribute(ds.get(), a);
  }

 private:
  hid_t file_;
  Handle gcpl_;
  std::set<std::string> created_;
};

void write_document(const std::string& path, const Hdf5Document& doc) {
  Handle fcpl = untimed(H5P_FILE_CREATE);
  Handle file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl.get(), H5P_DEFAULT), H5Fclose,
              "create file");
  {
    Writer w(file.get());
    Handle root(H5Gopen2(file.get(), "/", H5P_DEFAULT), H5Gclose, "open root group");
    for (const auto& a : doc.root_attributes) write_attribute(root.get(), a);
    for (const auto& g : doc.groups) w.group(g);
    for (const auto& t : doc.tables) w.table(t);
  }
  file.close("close file");
}

}  // namespace

void write_hdf5_file(const std::string& path, const Hdf5Document& doc) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // report failures ourselves, in one line
  const std::string tmp = temporary_path_for(path);
  try {
    write_document(tmp, doc);
  } catch (const Hdf5Failure& f) {
    std::remove(tmp.c_str());
    throw InputError(fmt::format("{}: cannot write HDF5 file ({} failed)", path, f.what));
  } catch (...) {
    std::remove(tmp.c_str());
    throw;
  }
  commit_temporary(tmp, path);
}

}  // namespace servesim
