// Temp-file-and-rename output.
#include "sim/output/atomic_file.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "sim/core/error.hpp"

namespace servesim {

std::string temporary_path_for(const std::string& path) {
  // Beside the file, keeping its extension (a chart's format follows it).
  const std::filesystem::path p(path);
  return (p.parent_path() / fmt::format("{}.tmp.{}{}", p.stem().string(),
                                        static_cast<long>(::getpid()), p.extension().string()))
      .string();
}

void commit_temporary(const std::string& tmp, const std::string& path) {
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw InputError(fmt::format("{}: cannot write output file", path));
  }
}

void write_file_atomically(const std::string& path, const std::string& content) {
  const std::string tmp = temporary_path_for(path);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError(fmt::format("{}: cannot write output file", path));
    out << content;
    out.flush();
    if (!out) {
      out.close();
      std::remove(tmp.c_str());
      throw InputError(fmt::format("{}: cannot write output file", path));
    }
  }
  commit_temporary(tmp, path);
}

}  // namespace servesim
