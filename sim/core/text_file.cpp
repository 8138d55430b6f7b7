// Reading a whole input file into a string.
#include "sim/core/text_file.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "sim/core/error.hpp"

namespace servesim {

std::string read_text_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw InputError(fmt::format("{}: is a directory, not a file", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}: cannot open file", path));
  // Read in chunks with a ceiling, so a device or pipe that never ends (/dev/zero) is an error,
  // not an exhausted memory.
  constexpr std::size_t kMaxBytes = std::size_t{1} << 30;
  std::string text;
  std::vector<char> chunk(1 << 20);
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxBytes) {
      throw InputError(fmt::format("{}: larger than 1 GiB; not an input servesim reads", path));
    }
  }
  return text;
}

}  // namespace servesim
