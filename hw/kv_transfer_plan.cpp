// KV transfer shards, setup cost and routes.
#include "hw/kv_transfer_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "hw/memory_budget.hpp"
#include "sim/core/error.hpp"

namespace servesim {
namespace {

/// The GPUs of `spec` that hold request `id`'s KV.
std::vector<int> holders(const InstanceSpec& spec, std::uint64_t id) {
  const Parallelism& p = spec.parallelism;
  const int ranks = p.attention_dp();
  const int width = p.attention_tp();
  const int rank = static_cast<int>(id % static_cast<std::uint64_t>(ranks));
  std::vector<int> gpus;
  for (int i = 0; i < width; ++i) gpus.push_back(spec.first_gpu + rank * width + i);
  return gpus;
}

enum LinkKind { kUpOut, kUpIn, kMesh, kNicOut, kNicIn, kSpineUp, kSpineDown };

}  // namespace

std::vector<KvShard> kv_shards(const InstanceSpec& src, const InstanceSpec& dst,
                               std::uint64_t request_id, int tokens) {
  const std::vector<int> from = holders(src, request_id);
  const std::vector<int> to = holders(dst, request_id);
  const double bytes = kv_bytes_per_token_per_gpu(dst) * tokens;
  std::vector<KvShard> shards;
  for (std::size_t j = 0; j < to.size(); ++j) {
    shards.push_back(KvShard{from[j % from.size()], to[j], bytes});
  }
  return shards;
}

double kv_transfer_setup_s(const InstanceSpec& src, const InstanceSpec& dst, int tokens,
                           int src_block_size, bool same_domain) {
  const ModelSpec& m = *dst.model;
  const int layers = m.full_attention_layers() + (dst.mtp_draft_tokens > 0 ? m.mtp_layers : 0);
  const double blocks = std::ceil(double(tokens) / std::max(1, src_block_size));
  const double latency =
      same_domain ? src.knobs.collective_latency_s : src.gpu->scale_out.latency_s(true);
  return src.knobs.kv_transfer_setup_s + blocks * layers * src.knobs.kv_transfer_descriptor_s +
         latency;
}

bool KvLinkMap::same_domain(const InstanceSpec& src, int src_cluster, int src_gpu,
                            const InstanceSpec& dst, int dst_cluster, int dst_gpu) {
  const int d = src.gpu->scale_up.domain_size;
  return src_cluster == dst_cluster && src_gpu / d == dst_gpu / d &&
         src.gpu->scale_up.bw_bytes_per_s > 0;
  (void)dst;
}

int KvLinkMap::link(int cluster, int kind, int a, int b, double capacity) {
  const auto key = std::make_tuple(cluster, kind, a, b);
  auto it = links_.find(key);
  if (it != links_.end()) return it->second;
  static const char* names[] = {"scale-up out", "scale-up in", "mesh", "nic out", "nic in",
                                "spine up", "spine down"};
  const std::string name =
      kind == kMesh ? fmt::format("cluster {} {} gpu {} -> {}", cluster, names[kind], a, b)
                    : fmt::format("cluster {} {} {}", cluster, names[kind], a);
  const int id = net_.add_link(name, capacity);
  links_.emplace(key, id);
  return id;
}

std::vector<int> KvLinkMap::route(const InstanceSpec& src, int src_cluster, int src_gpu,
                                  const InstanceSpec& dst, int dst_cluster, int dst_gpu) {
  const GpuSpec& sg = *src.gpu;
  const GpuSpec& dg = *dst.gpu;
  if (same_domain(src, src_cluster, src_gpu, dst, dst_cluster, dst_gpu)) {
    if (src_gpu == dst_gpu) return {};
    const double eff = src.knobs.scale_up_efficiency;
    if (sg.scale_up.kind == ScaleUpKind::kMesh) {
      return {link(src_cluster, kMesh, src_gpu, dst_gpu, sg.scale_up.per_peer_bw_bytes_per_s * eff)};
    }
    return {link(src_cluster, kUpOut, src_gpu, 0, sg.scale_up.bw_bytes_per_s * eff),
            link(dst_cluster, kUpIn, dst_gpu, 0, dg.scale_up.bw_bytes_per_s * eff)};
  }
  const ScaleOutFabric& sf = sg.scale_out;
  const ScaleOutFabric& df = dg.scale_out;
  SERVESIM_CHECK(sf.nic_bw_bytes_per_s > 0 && df.nic_bw_bytes_per_s > 0,
                 "a KV transfer leaves its domain on a GPU without a NIC");
  std::vector<int> links = {
      link(src_cluster, kNicOut, src_gpu, 0, sf.nic_bw_bytes_per_s * sf.achievable_fraction),
      link(dst_cluster, kNicIn, dst_gpu, 0, df.nic_bw_bytes_per_s * df.achievable_fraction)};
  const int src_leaf = src_gpu / sg.leaf_group_size();
  const int dst_leaf = dst_gpu / dg.leaf_group_size();
  if (src_cluster != dst_cluster || src_leaf != dst_leaf) {
    auto uplinks = [](const GpuSpec& g) {
      return g.leaf_group_size() * g.scale_out.nic_bw_bytes_per_s *
             g.scale_out.achievable_fraction / std::max(1.0, g.scale_out.oversubscription);
    };
    links.push_back(link(src_cluster, kSpineUp, src_leaf, 0, uplinks(sg)));
    links.push_back(link(dst_cluster, kSpineDown, dst_leaf, 0, uplinks(dg)));
  }
  return links;
}

}  // namespace servesim
