// Reading a whole input file into a string.
#include "sim/core/text_file.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "sim/core/error.hpp"

namespace servesim {

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}: cannot open file", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace servesim
