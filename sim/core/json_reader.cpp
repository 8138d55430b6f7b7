// Strict JSON reading helpers.
#include "sim/core/json_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/core/text_file.hpp"

namespace servesim {

namespace {

/// Nesting deeper than this is refused before it can exhaust the stack (no servesim document
/// nests more than a few levels).
constexpr int kMaxJsonDepth = 64;

/// Line and column (1-based) of byte offset `byte` (1-based, as nlohmann reports it).
std::pair<std::size_t, std::size_t> line_column(const std::string& text, std::size_t byte) {
  std::size_t line = 1, col = 1;
  const std::size_t end = std::min<std::size_t>(byte == 0 ? 0 : byte - 1, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

/// Thrown by the parse callback; carries the reason, the parser's position is not known there.
struct StructureError {
  std::string reason;
};

}  // namespace

Json parse_json_text(const std::string& text, const std::string& label) {
  // The callback sees every parse event: it refuses deep nesting and duplicate keys (which
  // nlohmann would silently resolve to the last value).
  std::vector<std::set<std::string>> keys;
  auto check = [&keys](int depth, Json::parse_event_t event, Json& parsed) {
    if (depth > kMaxJsonDepth) {
      throw StructureError{fmt::format("nested deeper than {} levels", kMaxJsonDepth)};
    }
    switch (event) {
      case Json::parse_event_t::object_start: keys.emplace_back(); break;
      case Json::parse_event_t::object_end:
        if (!keys.empty()) keys.pop_back();
        break;
      case Json::parse_event_t::key: {
        const std::string key = parsed.get<std::string>();
        if (!keys.empty() && !keys.back().insert(key).second) {
          throw StructureError{fmt::format("duplicate key \"{}\"", key.substr(0, 64))};
        }
        break;
      }
      default: break;
    }
    return true;
  };
  try {
    return Json::parse(text, check);
  } catch (const StructureError& e) {
    throw InputError(fmt::format("{}: malformed JSON: {}", label, e.reason));
  } catch (const Json::parse_error& e) {
    const auto [line, col] = line_column(text, e.byte);
    std::string what = e.what();
    const auto pos = what.find("syntax error");
    what = pos == std::string::npos ? what : what.substr(pos);
    // Quote at most a short excerpt of the offending text.
    if (what.size() > 200) what = what.substr(0, 200) + "...";
    throw InputError(
        fmt::format("{}: malformed JSON at line {} column {}: {}", label, line, col, what));
  } catch (const Json::out_of_range& e) {
    std::string what = e.what();
    const auto pos = what.find("number overflow");
    what = pos == std::string::npos ? what : what.substr(pos);
    if (what.size() > 200) what = what.substr(0, 200) + "...";
    throw InputError(fmt::format("{}: malformed JSON: {} (a number beyond the range of a double)",
                                 label, what));
  } catch (const Json::exception& e) {
    std::string what = e.what();
    if (what.size() > 200) what = what.substr(0, 200) + "...";
    throw InputError(fmt::format("{}: malformed JSON: {}", label, what));
  }
}

Json parse_json_file(const std::string& path) {
  return parse_json_text(read_text_file(path), path);
}

std::string describe_json(const Json& j) {
  if (j.is_object()) return "an object";
  if (j.is_array()) return "an array";
  if (j.is_null()) return "null";
  return j.dump();
}

ObjectReader::ObjectReader(const Json& j, std::string file, std::string path)
    : j_(j), file_(std::move(file)), path_(std::move(path)) {
  if (!j_.is_object()) {
    throw InputError(fmt::format("{}: {}: expected an object, got {}", file_,
                                 path_.empty() ? "(root)" : path_, describe_json(j_)));
  }
}

bool ObjectReader::has(const std::string& key) const { return j_.contains(key); }

std::string ObjectReader::path_of(const std::string& key) const {
  // A message quotes at most a short excerpt of a key.
  const std::string k = key.size() > 64 ? key.substr(0, 64) + "..." : key;
  return path_.empty() ? k : path_ + "." + k;
}

void ObjectReader::fail(const std::string& key, const std::string& reason) const {
  throw InputError(fmt::format("{}: {}: {}", file_, path_of(key), reason));
}

namespace {

/// Levenshtein distance, capped: enough to tell a misspelling from another word.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

const Json& ObjectReader::get(const std::string& key) {
  seen_.insert(key);
  auto it = j_.find(key);
  if (it == j_.end()) {
    // A required field is missing: when a key nobody has read is a misspelling of it, the
    // mistake is that key.
    for (auto k = j_.begin(); k != j_.end(); ++k) {
      if (!seen_.count(k.key()) && k.key().size() < 100 && edit_distance(k.key(), key) <= 2) {
        fail(k.key(), fmt::format("unknown key (did you mean \"{}\"?)", key));
      }
    }
    fail(key, "missing required field");
  }
  return *it;
}

const Json& ObjectReader::raw(const std::string& key) { return get(key); }

int ObjectReader::count(const std::string& key, int min_value, int max_value) {
  const std::int64_t x = integer(key, min_value);
  if (x > max_value) fail(key, fmt::format("expected an integer <= {}, got {}", max_value, x));
  return static_cast<int>(x);
}

int ObjectReader::count_or(const std::string& key, int fallback, int min_value, int max_value) {
  return has(key) ? count(key, min_value, max_value) : (seen_.insert(key), fallback);
}

double ObjectReader::number(const std::string& key) {
  const Json& v = get(key);
  if (!v.is_number()) fail(key, fmt::format("expected a number, got {}", describe_json(v)));
  const double x = v.get<double>();
  if (!std::isfinite(x)) fail(key, "expected a finite number");
  return x;
}

double ObjectReader::number_or(const std::string& key, double fallback) {
  return has(key) ? number(key) : (seen_.insert(key), fallback);
}

std::optional<double> ObjectReader::optional_number(const std::string& key) {
  seen_.insert(key);
  if (!has(key) || j_.at(key).is_null()) return std::nullopt;
  return number(key);
}

double ObjectReader::positive_number(const std::string& key) {
  const double x = number(key);
  if (!(x > 0)) fail(key, fmt::format("expected a positive number, got {}", describe_json(j_.at(key))));
  return x;
}

double ObjectReader::positive_number_or(const std::string& key, double fallback, bool allow_zero) {
  if (!has(key)) {
    seen_.insert(key);
    return fallback;
  }
  const double x = number(key);
  if (allow_zero ? x < 0 : !(x > 0)) {
    fail(key, fmt::format("expected a {} number, got {}", allow_zero ? "non-negative" : "positive",
                          describe_json(j_.at(key))));
  }
  return x;
}

double ObjectReader::fraction_or(const std::string& key, double fallback, bool allow_zero) {
  if (!has(key)) {
    seen_.insert(key);
    return fallback;
  }
  const double x = number(key);
  if (x > 1 || x < 0 || (!allow_zero && x == 0)) {
    fail(key, fmt::format("expected a fraction in {}0, 1], got {}", allow_zero ? "[" : "(",
                          describe_json(j_.at(key))));
  }
  return x;
}

std::int64_t ObjectReader::integer(const std::string& key, std::int64_t min_value) {
  const Json& v = get(key);
  bool ok = v.is_number_integer() || v.is_number_unsigned();
  if (!ok && v.is_number_float()) {
    const double d = v.get<double>();
    ok = std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15;
  }
  if (!ok) fail(key, fmt::format("expected an integer, got {}", describe_json(v)));
  const auto x = static_cast<std::int64_t>(v.get<double>());
  if (x < min_value) {
    fail(key, min_value == 1 ? fmt::format("expected a positive integer, got {}", x)
                             : fmt::format("expected an integer >= {}, got {}", min_value, x));
  }
  return x;
}

std::int64_t ObjectReader::integer_or(const std::string& key, std::int64_t fallback,
                                      std::int64_t min_value) {
  if (!has(key)) {
    seen_.insert(key);
    return fallback;
  }
  return integer(key, min_value);
}

std::string ObjectReader::string(const std::string& key) {
  const Json& v = get(key);
  if (!v.is_string()) fail(key, fmt::format("expected a string, got {}", describe_json(v)));
  return v.get<std::string>();
}

std::string ObjectReader::string_or(const std::string& key, const std::string& fallback) {
  if (!has(key)) {
    seen_.insert(key);
    return fallback;
  }
  return string(key);
}

std::string ObjectReader::choice_or(const std::string& key, const std::string& fallback,
                                    const std::vector<std::string>& choices) {
  const std::string s = string_or(key, fallback);
  for (const auto& c : choices) {
    if (c == s) return s;
  }
  fail(key, fmt::format("unknown value \"{}\" (expected one of: {})", s, fmt::join(choices, ", ")));
}

bool ObjectReader::boolean_or(const std::string& key, bool fallback) {
  if (!has(key)) {
    seen_.insert(key);
    return fallback;
  }
  const Json& v = get(key);
  if (!v.is_boolean()) fail(key, fmt::format("expected true or false, got {}", describe_json(v)));
  return v.get<bool>();
}

std::vector<std::string> ObjectReader::string_list_or(const std::string& key,
                                                       const std::vector<std::string>& fallback) {
  if (!has(key)) {
    seen_.insert(key);
    return fallback;
  }
  const Json& v = get(key);
  if (!v.is_array()) fail(key, fmt::format("expected an array of strings, got {}", describe_json(v)));
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string()) {
      fail(fmt::format("{}[{}]", key, i), fmt::format("expected a string, got {}", describe_json(v[i])));
    }
    out.push_back(v[i].get<std::string>());
  }
  return out;
}

std::vector<double> ObjectReader::number_list(const std::string& key) {
  const Json& v = get(key);
  if (!v.is_array()) fail(key, fmt::format("expected an array of numbers, got {}", describe_json(v)));
  std::vector<double> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_number()) {
      fail(fmt::format("{}[{}]", key, i), fmt::format("expected a number, got {}", describe_json(v[i])));
    }
    out.push_back(v[i].get<double>());
  }
  return out;
}

ObjectReader ObjectReader::object(const std::string& key) {
  return ObjectReader(get(key), file_, path_of(key));
}

void ObjectReader::ignore(const std::vector<std::string>& keys) {
  for (const auto& k : keys) seen_.insert(k);
}

void ObjectReader::finish() const {
  for (auto it = j_.begin(); it != j_.end(); ++it) {
    if (!seen_.count(it.key())) fail(it.key(), "unknown field");
  }
}

}  // namespace servesim
