// Small string helpers shared by the readers and writers: case folding, CSV quoting, prefixes.
#pragma once

#include <string>

namespace servesim {

/// `s` in ASCII lower case (names and aliases match case-insensitively).
std::string lower(std::string s);
/// `s` as one CSV field: quoted (with doubled quotes) only when it holds a comma, a quote or a
/// line break (RFC 4180).
std::string csv_quote(const std::string& s);
/// `s` without its leading `prefix`, or `s` unchanged when it does not start with `prefix`.
std::string strip_prefix(const std::string& s, const std::string& prefix);

}  // namespace servesim
