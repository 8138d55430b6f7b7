// Shard specifications, the round-robin partition of points, and sweep identities.
#include "sim/sweep/sweep_shard.hpp"

#include <fmt/format.h>

#include <charconv>
#include <filesystem>

#include "sim/core/error.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/core/text_file.hpp"
#include "sim/core/version.hpp"
#include "sim/scenario/embedded_files.hpp"
#include "sim/scenario/scenario_json.hpp"

namespace servesim {
namespace {

/// A decimal number of digits only (no sign, no spaces), or false.
bool parse_count(const std::string& s, std::size_t& out) {
  if (s.empty() || s.size() > 7) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

std::string hex(std::uint64_t h) { return fmt::format("{:016x}", h); }

}  // namespace

ShardSpec parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  ShardSpec s;
  const bool ok = slash != std::string::npos && parse_count(text.substr(0, slash), s.index) &&
                  parse_count(text.substr(slash + 1), s.count) && s.count >= 1 &&
                  s.count <= kMaxShards && s.index < s.count;
  if (!ok) {
    throw InputError(fmt::format(
        "--shard: expected i/N with 0 <= i < N <= {}, e.g. 0/4; got \"{}\"", kMaxShards, text));
  }
  return s;
}

std::vector<std::size_t> shard_positions(std::size_t points, ShardSpec s) {
  SERVESIM_CHECK(s.count >= 1 && s.index < s.count);
  std::vector<std::size_t> out;
  for (std::size_t k = s.index; k < points; k += s.count) out.push_back(k);
  return out;
}

std::string catalog_fingerprint(const std::string& dir) {
  std::string text = "servesim-catalog/1\n";
  for (const char* name :
       {"gpus.json", "models.json", "knobs.json", "numerics.json", "collectives.json",
        "fabrics.json", "kernel_curves.json", "frameworks.json"}) {
    const std::string path = dir + "/" + name;
    std::string doc;
    std::error_code ec;
    if (!dir.empty() && std::filesystem::is_regular_file(path, ec)) {
      doc = read_text_file(path);
    } else if (dir.empty() || std::string(name) == "frameworks.json") {
      const std::string* embedded = find_embedded(std::string("scenarios/catalog/") + name);
      if (embedded) doc = *embedded;
    }
    text += fmt::format("{} {}\n", name, doc.size());
    text += doc;
  }
  return hex(stable_hash(text));
}

std::string sweep_identity(const SweepResult& prepared, const std::string& catalog) {
  std::string text = fmt::format("servesim-sweep-identity/1 {}\n", kServesimVersion);
  text += prepared.spec.document.dump() + "\n" + prepared.spec.base.dump() + "\n";
  for (std::size_t e : prepared.excluded) text += fmt::format("excluded {}\n", e);
  for (const SweepPoint& p : prepared.points) {
    text += fmt::format("point {}\n{}\n{}\n{}\n{}\n", p.index, p.group, p.config, p.label,
                        p.skip_reason);
    text += scenario_to_json(p.scenario).dump() + "\n";
  }
  text += "catalog " + catalog + "\n";
  return hex(stable_hash(text));
}

}  // namespace servesim
