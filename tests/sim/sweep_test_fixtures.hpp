// Small sweeps shared by the sweep, HDF5 and CLI tests: Llama-3.1-8B with short requests, so a
// whole sweep runs in milliseconds.
#pragma once

#include <string>

#include "sim/scenario/catalog_loader.hpp"
#include "sim/scenario/framework_profile.hpp"

namespace servesim::testing {

/// 2 GPUs x TP {1, 2, 3} x 3 concurrencies = 18 points; TP3 does not divide Llama's 32 heads,
/// so 6 points are skipped.
inline const char* kTinySweep = R"({
  "name": "tiny",
  "base": {
    "model": "Llama-3.1-8B", "gpu": "H100-SXM", "precision": "fp8",
    "parallelism": {"tp": 1},
    "workload": {"type": "closed_loop", "concurrency": 2,
                 "input": {"distribution": "uniform", "tokens": 256},
                 "output": {"distribution": "uniform", "tokens": 64}}
  },
  "axes": [
    {"field": "gpu", "values": ["H100-SXM", "H200-SXM"], "labels": ["H100", "H200"]},
    {"field": "parallelism.tp", "values": [1, 2, 3], "labels": ["TP1", "TP2", "TP3"]},
    {"field": "workload.concurrency", "values": [2, 8, 32]}
  ],
  "group_by": ["gpu"],
  "requests_per_client": {"measured": 4, "warmup": 1},
  "iso_interactivity_tok_s_per_user": [250, 300]
})";

/// The catalog built into the binary (the same text as scenarios/catalog).
inline const Catalog& embedded_catalog() {
  static const Catalog catalog = load_catalog("");
  return catalog;
}

inline const FrameworkProfiles& embedded_profiles() {
  static const FrameworkProfiles profiles = load_framework_profiles("");
  return profiles;
}

}  // namespace servesim::testing

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace servesim::testing {

inline std::string read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

/// A fresh directory for one test's files, named after the test; removed afterwards.
class SweepScratchDir {
 public:
  SweepScratchDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "_" + info->name();
    for (char& c : name) {
      if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    path_ = std::filesystem::temp_directory_path() /
            ("servesim_sweep_" + std::to_string(::getpid()) + "_" + name);
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~SweepScratchDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(path_)) {
      out.push_back(e.path().filename());
    }
    return out;
  }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};

/// Runs `command` through the shell in `dir`, capturing stdout and stderr.
inline CommandResult run_in(const std::filesystem::path& dir, const std::string& command) {
  const auto out = dir / ".stdout", err = dir / ".stderr";
  const std::string line = "cd '" + dir.string() + "' && " + command + " >'" + out.string() +
                           "' 2>'" + err.string() + "'";
  const int status = std::system(line.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_bytes(out);
  r.err = read_bytes(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return r;
}

}  // namespace servesim::testing
