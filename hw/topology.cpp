// Topology graph and widest-path queries with Boost.Graph.
#include "hw/topology.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <functional>
#include <limits>
#include <vector>

#include "sim/core/error.hpp"

namespace servesim {

struct Topology::Graph {
  using G = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                                  boost::property<boost::edge_weight_t, double>>;
  G g;
};

Topology::Topology(const GpuSpec& gpu, int num_gpus)
    : gpu_(&gpu),
      num_gpus_(num_gpus),
      domain_size_(std::max(1, gpu.scale_up.domain_size)),
      leaf_group_size_(gpu.leaf_group_size()),
      graph_(std::make_unique<Graph>()) {
  SERVESIM_CHECK(num_gpus > 0);
  const int domains = (num_gpus + domain_size_ - 1) / domain_size_;
  // Vertices: GPUs [0, n), one switch per domain [n, n + domains), the scale-out fabric last.
  const int fabric = num_gpus + domains;
  graph_->g = Graph::G(static_cast<std::size_t>(fabric + 1));
  auto& g = graph_->g;
  for (int i = 0; i < num_gpus; ++i) {
    const int d = domain_of(i);
    if (gpu.scale_up.kind == ScaleUpKind::kSwitch) {
      boost::add_edge(i, num_gpus + d, gpu.scale_up.bw_bytes_per_s, g);
    } else {
      for (int j = d * domain_size_; j < i; ++j) {
        boost::add_edge(i, j, gpu.scale_up.per_peer_bw_bytes_per_s, g);
      }
    }
    boost::add_edge(i, fabric, gpu.scale_out.nic_bw_bytes_per_s, g);
  }
}

Topology::~Topology() = default;
Topology::Topology(Topology&&) noexcept = default;
Topology& Topology::operator=(Topology&&) noexcept = default;

double Topology::path_bw_bytes_per_s(int a, int b) const {
  SERVESIM_CHECK(a >= 0 && a < num_gpus_ && b >= 0 && b < num_gpus_);
  if (a == b) return std::numeric_limits<double>::infinity();
  const auto& g = graph_->g;
  std::vector<double> width(boost::num_vertices(g), 0.0);
  // Widest path: Dijkstra over the (max, min) semiring.
  boost::dijkstra_shortest_paths(
      g, static_cast<std::size_t>(a),
      boost::distance_map(width.data())
          .distance_compare(std::greater<double>())
          .distance_combine([](double x, double y) { return std::min(x, y); })
          .distance_inf(0.0)
          .distance_zero(std::numeric_limits<double>::infinity()));
  return width[static_cast<std::size_t>(b)];
}

double Topology::cross_leaf_share(int first, int count) const {
  SERVESIM_CHECK(count >= 1 && first >= 0 && first + count <= num_gpus_);
  const double local = std::min(count, domain_size_);
  const double remote_pairs = count * (count - local);
  if (remote_pairs <= 0) return 0;
  // Pairs (sender, receiver) in different leaf groups; none of them share a domain, since a
  // domain never straddles a leaf group (leaf groups are whole nodes).
  double cross = 0;
  for (int g = leaf_group_of(first); g <= leaf_group_of(first + count - 1); ++g) {
    const int lo = std::max(first, g * leaf_group_size_);
    const int hi = std::min(first + count, (g + 1) * leaf_group_size_);
    const double n = hi - lo;
    cross += n * (count - n);
  }
  return cross / remote_pairs;
}

GroupLink Topology::group_link(int first, int count, const Knobs& knobs) const {
  SERVESIM_CHECK(count >= 1 && first >= 0 && first + count <= num_gpus_);
  const int domains = domain_of(first + count - 1) - domain_of(first) + 1;
  const int local = std::min(count, domain_size_);
  GroupLink link = scale_up_link(*gpu_, knobs, local);
  link.size = count;
  link.domains = domains;
  if (count > 1 && local > 1) {
    link.per_peer_bw_bytes_per_s = path_bw_bytes_per_s(first, first + 1);
  }
  if (domains > 1) {
    link.nic_bw_bytes_per_s = path_bw_bytes_per_s(first, first + domain_size_);
    link.cross_leaf_share = cross_leaf_share(first, count);
    link.scale_out_latency_s = gpu_->scale_out.latency_s(link.cross_leaf_share > 0);
    link.oversubscription = gpu_->scale_out.oversubscription;
  }
  return link;
}

}  // namespace servesim
