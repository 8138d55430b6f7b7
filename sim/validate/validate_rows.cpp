// Strict reading of measured rows.
#include "sim/validate/validate_rows.hpp"

#include <set>
#include <vector>

#include <fmt/format.h>

#include <cctype>

#include "sim/core/error.hpp"
#include "sim/core/json_reader.hpp"
#include "sim/core/text_file.hpp"

namespace servesim {
namespace {

/// Parallelism keys servesim does not model (pipeline parallelism, context parallelism, ...):
/// the row is then reported unsupported rather than simulated as something else.
void note_unmodelled(const Json& j, const std::set<std::string>& known, const std::string& path,
                     std::vector<std::string>& out) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!known.count(it.key())) out.push_back(path + "." + it.key().substr(0, 64));
  }
}

Parallelism read_parallelism(ObjectReader& r) {
  Parallelism p;
  p.tp = r.count("tp", 1);
  p.ep = r.count_or("ep", 1, 1);
  p.dp_attention = r.boolean_or("dp_attention", false);
  return p;
}

RowPool read_pool(ObjectReader r) {
  RowPool pool;
  pool.workers = r.count("workers", 0);
  pool.parallelism = read_parallelism(r);
  if (r.has("gpus") && !r.raw("gpus").is_null()) pool.gpus = r.count("gpus", 0);
  return pool;
}

std::string length_label(int tokens) {
  return tokens % 1024 == 0 ? fmt::format("{}k", tokens / 1024) : fmt::format("{}", tokens);
}

std::string parallelism_label(const Parallelism& p) {
  std::string s = fmt::format("tp{}", p.tp);
  if (p.ep > 1) s += fmt::format(" ep{}", p.ep);
  if (p.dp_attention) s += " dpa";
  return s;
}

MeasuredRow read_row(const Json& j, const std::string& label, std::size_t index) {
  ObjectReader r(j, label, fmt::format("[{}]", index));
  MeasuredRow row;
  row.index = index;
  if (r.has("id") && !r.raw("id").is_null()) {
    const Json& id = r.raw("id");
    if (id.is_string()) {
      row.id = id.get<std::string>();
    } else if (id.is_number_integer() || id.is_number_unsigned()) {
      row.id = fmt::format("{}", r.integer("id"));
      row.id_is_number = true;
    } else {
      r.fail("id", fmt::format("expected a string or an integer, got {}", describe_json(id)));
    }
  } else {
    row.id = fmt::format("{}", index);
    row.id_is_number = true;
  }
  row.model = r.string("model");
  row.hardware = r.string("hardware");
  row.precision = r.string("precision");
  row.framework = r.has("framework") && !r.raw("framework").is_null() ? r.string("framework") : "";
  row.disaggregated =
      r.choice_or("mode", "aggregated", {"aggregated", "disaggregated"}) == "disaggregated";
  row.mtp = r.choice_or("spec_decoding", "none", {"none", "mtp"}) == "mtp";
  {
    ObjectReader p = r.object("parallelism");
    const Json& pj = r.raw("parallelism");
    if (row.disaggregated) {
      row.prefill = read_pool(p.object("prefill"));
      row.decode = read_pool(p.object("decode"));
      note_unmodelled(pj, {"prefill", "decode"}, "parallelism", row.unmodelled);
      for (const char* side : {"prefill", "decode"}) {
        note_unmodelled(pj.at(side), {"workers", "tp", "ep", "dp_attention", "gpus"},
                        std::string("parallelism.") + side, row.unmodelled);
      }
    } else {
      row.parallelism = read_parallelism(p);
      note_unmodelled(pj, {"tp", "ep", "dp_attention"}, "parallelism", row.unmodelled);
    }
  }
  if (r.has("num_gpus") && !r.raw("num_gpus").is_null()) {
    row.num_gpus = r.count("num_gpus", 1);
  }
  row.isl = r.count("isl", 1);
  row.osl = r.count("osl", 1);
  row.concurrency = r.count("concurrency", 1);
  {
    ObjectReader m = r.object("metrics");
    for (const auto& [name, value] : j.at("metrics").items()) {
      if (auto v = m.optional_number(name)) row.metrics[name] = *v;
    }
  }
  if (r.has("date") && !r.raw("date").is_null()) row.date = r.string("date");
  if (r.has("image") && !r.raw("image").is_null()) row.image = r.string("image");
  if (r.has("quality_ok") && !r.raw("quality_ok").is_null()) {
    row.quality_ok = r.boolean_or("quality_ok", true);
  }
  return row;  // other fields (source, notes, flags, run_url, ...) are ignored
}

}  // namespace

std::string MeasuredRow::month() const {
  const bool ok = date.size() >= 7 && std::isdigit(static_cast<unsigned char>(date[0])) &&
                  date[4] == '-' && std::isdigit(static_cast<unsigned char>(date[5]));
  return ok ? date.substr(0, 7) : "unknown";
}

std::string MeasuredRow::configuration() const {
  std::string s = hardware;
  if (!framework.empty()) s += " " + framework;
  s += " " + precision + " ";
  if (disaggregated) {
    s += fmt::format("P{}x({}) D{}x({})", prefill.workers, parallelism_label(prefill.parallelism),
                     decode.workers, parallelism_label(decode.parallelism));
  } else {
    s += parallelism_label(parallelism);
  }
  if (mtp) s += " mtp";
  s += fmt::format(" {}/{} c{}", length_label(isl), length_label(osl), concurrency);
  return s;
}

std::vector<MeasuredRow> read_rows_text(const std::string& text, const std::string& label) {
  const Json root = parse_json_text(text, label);
  if (!root.is_array()) {
    throw InputError(
        fmt::format("{}: (root): expected an array of rows, got {}", label, describe_json(root)));
  }
  std::vector<MeasuredRow> rows;
  rows.reserve(root.size());
  for (std::size_t i = 0; i < root.size(); ++i) rows.push_back(read_row(root[i], label, i));
  return rows;
}

std::vector<MeasuredRow> read_rows_file(const std::string& path) {
  return read_rows_text(read_text_file(path), path);
}

}  // namespace servesim
