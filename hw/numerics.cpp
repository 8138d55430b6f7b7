// Reading numerics.json.
#include "hw/numerics.hpp"

#include <fmt/format.h>

#include "sim/core/json_reader.hpp"

namespace servesim {
namespace {

/// The entry `key` of the document: its value's reader, after checking the source.
ObjectReader entry(ObjectReader& r, const std::string& key) {
  ObjectReader e = r.object(key);
  if (!e.has("source")) e.fail("source", "missing: every number needs its source");
  if (e.string("source").empty()) e.fail("source", "empty source");
  return e;
}

double positive(ObjectReader& r, const std::string& key) {
  ObjectReader e = entry(r, key);
  const double v = e.positive_number("value");
  e.finish();
  return v;
}

int positive_integer(ObjectReader& r, const std::string& key) {
  ObjectReader e = entry(r, key);
  const int v = e.count("value", 1);
  e.finish();
  return v;
}

}  // namespace

Numerics numerics_from_text(const std::string& text, const std::string& label) {
  const Json root = parse_json_text(text, label);
  ObjectReader r(root, label, "");
  Numerics n;
  n.activation_bytes_per_element = positive(r, "activation_bytes_per_element");
  n.router_weight_bytes_per_element = positive(r, "router_weight_bytes_per_element");
  n.logits_bytes_per_element = positive(r, "logits_bytes_per_element");
  {
    ObjectReader e = entry(r, "attention_precision");
    const std::string s = e.string("value");
    const auto p = parse_precision(s);
    if (!p) e.fail("value", fmt::format("unknown precision \"{}\"", s));
    n.attention_precision = *p;
    e.finish();
  }
  n.reserve_hidden_tensors_per_token = positive(r, "reserve_hidden_tensors_per_token");
  n.reserve_ffn_tensors_per_token = positive(r, "reserve_ffn_tensors_per_token");
  n.reserve_moe_intermediate_per_expert = positive(r, "reserve_moe_intermediate_per_expert");
  n.token_budget_headroom_tokens = positive_integer(r, "token_budget_headroom_tokens");
  n.token_budget_round_to = positive_integer(r, "token_budget_round_to");
  r.ignore({"_about"});
  r.finish();
  return n;
}

}  // namespace servesim
