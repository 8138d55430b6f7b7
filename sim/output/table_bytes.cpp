// Tables to bytes and back.
#include "sim/output/table_bytes.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>

#include "sim/core/error.hpp"

namespace servesim {
namespace {

constexpr std::string_view kMagic = "servesim-tables/1";

void put_u64(std::string& out, std::uint64_t v) {
  char b[8];
  std::memcpy(b, &v, 8);
  out.append(b, 8);
}

void put_string(std::string& out, const std::string& s) {
  put_u64(out, s.size());
  out += s;
}

class Cursor {
 public:
  Cursor(std::string_view bytes, const std::string& label) : bytes_(bytes), label_(label) {}
  std::uint64_t u64() {
    need(8);
    std::uint64_t v = 0;
    std::memcpy(&v, bytes_.data() + at_, 8);
    at_ += 8;
    return v;
  }
  template <typename T>
  T raw() {
    static_assert(sizeof(T) == 8);
    need(8);
    T v;
    std::memcpy(&v, bytes_.data() + at_, 8);
    at_ += 8;
    return v;
  }
  std::string string() {
    const std::uint64_t n = u64();
    need(n);
    std::string s(bytes_.substr(at_, n));
    at_ += n;
    return s;
  }
  /// A count of items of at least `item_bytes` each that the rest of the bytes can hold.
  std::uint64_t count(std::uint64_t item_bytes) {
    const std::uint64_t n = u64();
    if (item_bytes > 0 && n > (bytes_.size() - at_) / item_bytes) fail("a count beyond the data");
    return n;
  }
  bool at_end() const { return at_ == bytes_.size(); }
  [[noreturn]] void fail(const std::string& why) const {
    throw InputError(fmt::format("{}: malformed result tables ({} at byte {})", label_, why, at_));
  }

 private:
  void need(std::uint64_t n) const {
    if (n > bytes_.size() - at_) fail("truncated");
  }
  std::string_view bytes_;
  std::string label_;
  std::size_t at_ = 0;
};

}  // namespace

std::string tables_to_bytes(const std::vector<Table>& tables) {
  std::string out(kMagic);
  put_u64(out, tables.size());
  for (const Table& t : tables) {
    put_string(out, t.description);
    put_u64(out, t.columns.size());
    for (const Column& c : t.columns) {
      put_string(out, c.name);
      put_string(out, c.units);
      put_string(out, c.description);
      put_u64(out, static_cast<std::uint64_t>(c.kind));
      put_u64(out, c.size());
      switch (c.kind) {
        case Column::Kind::kFloat64:
          out.append(reinterpret_cast<const char*>(c.f64.data()), 8 * c.f64.size());
          break;
        case Column::Kind::kInt64:
          out.append(reinterpret_cast<const char*>(c.i64.data()), 8 * c.i64.size());
          break;
        case Column::Kind::kUint64:
          out.append(reinterpret_cast<const char*>(c.u64.data()), 8 * c.u64.size());
          break;
        case Column::Kind::kString:
          for (const auto& s : c.str) put_string(out, s);
          break;
      }
    }
  }
  return out;
}

std::vector<Table> tables_from_bytes(std::string_view bytes, const std::string& label) {
  if (bytes.substr(0, kMagic.size()) != kMagic) {
    Cursor(bytes, label).fail("no \"servesim-tables/1\" header");
  }
  Cursor in(bytes.substr(kMagic.size()), label);
  std::vector<Table> tables(in.count(16));
  for (Table& t : tables) {
    t.description = in.string();
    const std::uint64_t columns = in.count(40);
    for (std::uint64_t k = 0; k < columns; ++k) {
      std::string name = in.string(), units = in.string(), description = in.string();
      const std::uint64_t kind = in.u64();
      if (kind > static_cast<std::uint64_t>(Column::Kind::kString))
        in.fail("an unknown column kind");
      Column& c = t.add(std::move(name), std::move(units), std::move(description),
                        static_cast<Column::Kind>(kind));
      const std::uint64_t n = in.count(8);
      for (std::uint64_t r = 0; r < n; ++r) {
        switch (c.kind) {
          case Column::Kind::kFloat64:
            c.f64.push_back(in.raw<double>());
            break;
          case Column::Kind::kInt64:
            c.i64.push_back(in.raw<std::int64_t>());
            break;
          case Column::Kind::kUint64:
            c.u64.push_back(in.raw<std::uint64_t>());
            break;
          case Column::Kind::kString:
            c.str.push_back(in.string());
            break;
        }
      }
      if (c.size() != t.columns.front().size()) in.fail("columns of different lengths");
    }
  }
  if (!in.at_end()) in.fail("trailing bytes");
  return tables;
}

}  // namespace servesim
