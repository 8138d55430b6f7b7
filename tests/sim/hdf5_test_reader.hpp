// Reading servesim's HDF5 files back with the HDF5 C API, for tests only (independent of the
// writer's code).
#pragma once

#include <hdf5.h>

#include <string>
#include <vector>

namespace servesim::testing {

/// An open HDF5 file, closed on destruction.
class H5File {
 public:
  explicit H5File(const std::string& path) : id_(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)) {}
  ~H5File() {
    if (id_ >= 0) H5Fclose(id_);
  }
  H5File(const H5File&) = delete;
  H5File& operator=(const H5File&) = delete;
  bool ok() const { return id_ >= 0; }
  hid_t id() const { return id_; }

  bool exists(const std::string& path) const {
    return H5Lexists(id_, path.c_str(), H5P_DEFAULT) > 0;
  }

  /// A variable-length string attribute of `object` ("/" for the root); "" when absent.
  std::string string_attr(const std::string& object, const std::string& name) const {
    std::vector<std::string> v = read_strings_attr(object, name, true);
    return v.empty() ? "" : v.front();
  }
  std::vector<std::string> strings_attr(const std::string& object, const std::string& name) const {
    return read_strings_attr(object, name, false);
  }
  long long int_attr(const std::string& object, const std::string& name) const {
    long long v = -1;
    const hid_t a = H5Aopen_by_name(id_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0) return v;
    H5Aread(a, H5T_NATIVE_LLONG, &v);
    H5Aclose(a);
    return v;
  }
  std::vector<std::string> attr_names(const std::string& object) const {
    std::vector<std::string> names;
    H5O_info_t info;
    H5Oget_info_by_name(id_, object.c_str(), &info, H5P_DEFAULT);
    for (hsize_t i = 0; i < info.num_attrs; ++i) {
      char buf[256] = {0};
      H5Aget_name_by_idx(id_, object.c_str(), H5_INDEX_NAME, H5_ITER_INC, i, buf, sizeof buf,
                         H5P_DEFAULT);
      names.push_back(buf);
    }
    return names;
  }

  /// Rows of a 1-D dataset; -1 when absent.
  long long rows(const std::string& dataset) const {
    const hid_t d = H5Dopen2(id_, dataset.c_str(), H5P_DEFAULT);
    if (d < 0) return -1;
    const hid_t s = H5Dget_space(d);
    hsize_t n = 0;
    H5Sget_simple_extent_dims(s, &n, nullptr);
    H5Sclose(s);
    H5Dclose(d);
    return static_cast<long long>(n);
  }

  /// Member names of a compound dataset, in order.
  std::vector<std::string> members(const std::string& dataset) const {
    std::vector<std::string> out;
    const hid_t d = H5Dopen2(id_, dataset.c_str(), H5P_DEFAULT);
    if (d < 0) return out;
    const hid_t t = H5Dget_type(d);
    for (int i = 0; i < H5Tget_nmembers(t); ++i) {
      char* name = H5Tget_member_name(t, static_cast<unsigned>(i));
      out.push_back(name);
      H5free_memory(name);
    }
    H5Tclose(t);
    H5Dclose(d);
    return out;
  }

  /// One member of a compound dataset read as doubles (HDF5 converts integer members).
  std::vector<double> doubles(const std::string& dataset, const std::string& member) const {
    std::vector<double> out(static_cast<std::size_t>(std::max(0LL, rows(dataset))));
    const hid_t d = H5Dopen2(id_, dataset.c_str(), H5P_DEFAULT);
    const hid_t mt = H5Tcreate(H5T_COMPOUND, sizeof(double));
    H5Tinsert(mt, member.c_str(), 0, H5T_NATIVE_DOUBLE);
    if (H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0) out.clear();
    H5Tclose(mt);
    H5Dclose(d);
    return out;
  }

  /// One string member of a compound dataset.
  std::vector<std::string> strings(const std::string& dataset, const std::string& member) const {
    const auto n = static_cast<std::size_t>(std::max(0LL, rows(dataset)));
    std::vector<char*> ptrs(n, nullptr);
    std::vector<std::string> out;
    const hid_t d = H5Dopen2(id_, dataset.c_str(), H5P_DEFAULT);
    const hid_t str = H5Tcopy(H5T_C_S1);
    H5Tset_size(str, H5T_VARIABLE);
    H5Tset_cset(str, H5T_CSET_UTF8);
    const hid_t mt = H5Tcreate(H5T_COMPOUND, sizeof(char*));
    H5Tinsert(mt, member.c_str(), 0, str);
    if (n > 0 && H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) >= 0) {
      for (char* p : ptrs) out.push_back(p ? p : "");
      const hid_t space = H5Dget_space(d);
      H5Dvlen_reclaim(mt, space, H5P_DEFAULT, ptrs.data());
      H5Sclose(space);
    }
    H5Tclose(mt);
    H5Tclose(str);
    H5Dclose(d);
    return out;
  }

 private:
  std::vector<std::string> read_strings_attr(const std::string& object, const std::string& name,
                                             bool scalar) const {
    std::vector<std::string> out;
    const hid_t a = H5Aopen_by_name(id_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0) return out;
    const hid_t s = H5Aget_space(a);
    const hssize_t n = scalar ? 1 : H5Sget_simple_extent_npoints(s);
    const hid_t str = H5Tcopy(H5T_C_S1);
    H5Tset_size(str, H5T_VARIABLE);
    H5Tset_cset(str, H5T_CSET_UTF8);
    std::vector<char*> ptrs(static_cast<std::size_t>(n), nullptr);
    if (n > 0 && H5Aread(a, str, ptrs.data()) >= 0) {
      for (char* p : ptrs) {
        out.push_back(p ? p : "");
        H5free_memory(p);
      }
    }
    H5Tclose(str);
    H5Sclose(s);
    H5Aclose(a);
    return out;
  }

  hid_t id_;
};

}  // namespace servesim::testing
