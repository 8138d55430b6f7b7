// A family of interchangeable implementations chosen by name: routers, batch schedulers,
// step-time models. Each family lists its built-ins explicitly in one function (static
// libraries drop self-registering objects), each implementation in its own file.
#pragma once

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string>
#include <utility>
#include <vector>

#include "sim/core/error.hpp"

namespace servesim {

template <typename Factory>
class Registry {
 public:
  struct Entry {
    std::string name;
    std::string doc;  ///< one line for `servesim list` and the scenario reference
    Factory make;
  };

  /// `family` names the registry in messages ("router").
  explicit Registry(std::string family) : family_(std::move(family)) {}

  /// Adds an implementation; names are unique.
  Registry& add(std::string name, std::string doc, Factory make) {
    SERVESIM_CHECK(find(name) == nullptr, "a registry name is used twice");
    entries_.push_back({std::move(name), std::move(doc), std::move(make)});
    return *this;
  }

  /// The entry named `name`, or nullptr.
  const Entry* find(const std::string& name) const {
    for (const auto& e : entries_) {
      if (e.name == name) return &e;
    }
    return nullptr;
  }

  /// The entry named `name`; throws InputError "<where>: unknown <family> "x" (known: a, b)".
  const Entry& get(const std::string& name, const std::string& where) const {
    if (const Entry* e = find(name)) return *e;
    throw InputError(fmt::format("{}: unknown {} \"{}\" (known: {})", where, family_, name,
                                 fmt::join(names(), ", ")));
  }

  /// Names in registration order (the first is the default).
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : entries_) out.push_back(e.name);
    return out;
  }
  const std::vector<Entry>& entries() const { return entries_; }
  const std::string& family() const { return family_; }

 private:
  std::string family_;
  std::vector<Entry> entries_;
};

}  // namespace servesim
