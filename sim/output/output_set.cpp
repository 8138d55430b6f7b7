// Checked, staged and jointly committed output files.
#include "sim/output/output_set.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "sim/core/error.hpp"
#include "sim/output/atomic_file.hpp"

namespace servesim {

namespace fs = std::filesystem;

OutputSet::~OutputSet() {
  if (committed_) return;
  for (const Entry& e : entries_) std::remove(e.tmp.c_str());
}

void OutputSet::add(const std::string& path, const std::string& option) {
  if (path.empty()) return;
  auto fail = [&](const std::string& why) {
    throw InputError(fmt::format("{}: {}: {}", path, option, why));
  };
  std::error_code ec;
  const fs::path p(path);
  if (fs::is_directory(p, ec)) fail("is a directory, not a file");
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  if (!fs::is_directory(dir, ec)) fail(fmt::format("no directory {}", dir.string()));
  if (::access(dir.c_str(), W_OK) != 0) fail(fmt::format("directory {} is not writable", dir.string()));
  if (fs::exists(p, ec) && ::access(p.c_str(), W_OK) != 0) fail("the file is not writable");
  const fs::path canonical = fs::weakly_canonical(fs::absolute(p, ec), ec);
  // Pseudo-filesystems take no ordinary files.
  for (const char* root : {"/proc", "/sys", "/dev"}) {
    const std::string c = canonical.string();
    if (c == root || c.rfind(std::string(root) + "/", 0) == 0) {
      fail(fmt::format("{} holds no ordinary files", root));
    }
  }
  for (const Entry& e : entries_) {
    if (e.key == canonical.string()) fail(fmt::format("the same file as {}", e.option));
  }
  entries_.push_back({path, option, temporary_path_for(path), canonical.string()});
}

const OutputSet::Entry& OutputSet::find(const std::string& path) const {
  for (const Entry& e : entries_) {
    if (e.path == path) return e;
  }
  throw CheckFailure(fmt::format("output {} was never declared", path));
}

std::string OutputSet::staging_path(const std::string& path) const { return find(path).tmp; }

void OutputSet::stage(const std::string& path, const std::string& content) const {
  const Entry& e = find(path);
  std::ofstream out(e.tmp, std::ios::binary | std::ios::trunc);
  out << content;
  out.flush();
  if (!out) throw InputError(fmt::format("{}: {}: cannot write output file", e.path, e.option));
}

void OutputSet::drop(const std::string& path) {
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->path == path) {
      std::remove(it->tmp.c_str());
      entries_.erase(it);
      return;
    }
  }
}

void OutputSet::commit() {
  for (const Entry& e : entries_) {
    if (!fs::exists(e.tmp)) {
      throw InputError(fmt::format("{}: {}: nothing was written", e.path, e.option));
    }
  }
  for (const Entry& e : entries_) commit_temporary(e.tmp, e.path);
  committed_ = true;
}

}  // namespace servesim
