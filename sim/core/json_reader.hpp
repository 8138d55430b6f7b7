// Strict JSON reading: every value is read through an ObjectReader that knows its path, checks
// types and ranges, and rejects unknown keys. The only header that exposes nlohmann-json.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace servesim {

using Json = nlohmann::json;

/// Parses `text`; on failure throws InputError "<label>: malformed JSON at line L column C: ...".
Json parse_json_text(const std::string& text, const std::string& label);
/// Reads and parses a file; the label in messages is the path.
Json parse_json_file(const std::string& path);

/// A view of one JSON object at a known path, for strict field-by-field reading.
/// Messages have the form "<file>: <path>.<key>: <reason>".
class ObjectReader {
 public:
  /// `file` labels messages (usually the file name); `path` is the JSON path of this object
  /// ("" for the document root). Throws InputError if `j` is not an object.
  ObjectReader(const Json& j, std::string file, std::string path);

  bool has(const std::string& key) const;
  /// The path of `key` inside this object, e.g. "instance.tp".
  std::string path_of(const std::string& key) const;
  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }

  double number(const std::string& key);
  double number_or(const std::string& key, double fallback);
  /// A number that must be > 0 (or >= 0 when `allow_zero`).
  double positive_number(const std::string& key);
  double positive_number_or(const std::string& key, double fallback, bool allow_zero = false);
  /// A fraction in [0, 1] (or (0, 1] when `allow_zero` is false).
  double fraction_or(const std::string& key, double fallback, bool allow_zero = true);
  std::optional<double> optional_number(const std::string& key);

  std::int64_t integer(const std::string& key, std::int64_t min_value = INT64_MIN);
  std::int64_t integer_or(const std::string& key, std::int64_t fallback,
                          std::int64_t min_value = INT64_MIN);
  /// A count stored as int: an integer in [min_value, max_value] (max at most 10^9), so it can
  /// never wrap.
  int count(const std::string& key, int min_value, int max_value = kMaxCountValue);
  int count_or(const std::string& key, int fallback, int min_value,
               int max_value = kMaxCountValue);
  static constexpr int kMaxCountValue = 1000000000;

  std::string string(const std::string& key);
  std::string string_or(const std::string& key, const std::string& fallback);
  /// A string that must be one of `choices`.
  std::string choice_or(const std::string& key, const std::string& fallback,
                        const std::vector<std::string>& choices);
  bool boolean_or(const std::string& key, bool fallback);

  std::vector<std::string> string_list_or(const std::string& key,
                                          const std::vector<std::string>& fallback);
  std::vector<double> number_list(const std::string& key);

  /// A nested object (required).
  ObjectReader object(const std::string& key);
  /// The raw value of `key`, marking it as read; the caller checks its type.
  const Json& raw(const std::string& key);
  /// Marks keys that are allowed but not interpreted (documentation, sources).
  void ignore(const std::vector<std::string>& keys);
  /// Throws InputError naming the first key that was never read or ignored.
  void finish() const;

  /// Throws InputError "<file>: <path of key>: <reason>".
  [[noreturn]] void fail(const std::string& key, const std::string& reason) const;

 private:
  const Json& get(const std::string& key);
  const Json& j_;
  std::string file_;
  std::string path_;
  std::set<std::string> seen_;
};

/// Describes a JSON value for messages: 2.7, "abc", an object, ...
std::string describe_json(const Json& j);

}  // namespace servesim
