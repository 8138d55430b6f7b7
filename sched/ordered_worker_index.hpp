// OrderedWorkerIndex: the workers of a pool ordered by one load key, for the least-* routers.
#pragma once

#include <cmath>
#include <cstddef>
#include <numeric>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/core/error.hpp"

namespace servesim {

/// An indexed binary min-heap of workers keyed by (key, worker index): min() is the worker with
/// the smallest key, ties to the lowest index, in O(1); set() re-keys one worker in O(log n).
/// The order is total, so the result never depends on the order of updates.
template <typename Key>
class OrderedWorkerIndex {
 public:
  /// Starts over with `workers` workers, every key Key{} (zero). O(n).
  void reset(std::size_t workers) {
    keys_.assign(workers, Key{});
    heap_.resize(workers);
    pos_.resize(workers);
    // Equal keys: the identity order is a valid heap (each parent has the lower index).
    std::iota(heap_.begin(), heap_.end(), std::size_t{0});
    std::iota(pos_.begin(), pos_.end(), std::size_t{0});
  }

  /// Worker `w`'s key is now `key`. O(log n).
  void set(std::size_t w, Key key) {
    SERVESIM_CHECK(w < keys_.size(), "a router update names a worker outside its pool");
    if constexpr (std::is_floating_point_v<Key>) {
      SERVESIM_CHECK(!std::isnan(key), "a router load key is NaN");
    }
    const Key old = keys_[w];
    keys_[w] = key;
    if (key < old) {
      sift_up(pos_[w]);
    } else if (old < key) {
      sift_down(pos_[w]);
    }
  }

  /// The worker with the smallest key, ties to the lowest index. O(1).
  std::size_t min() const {
    SERVESIM_CHECK(!heap_.empty(), "a router picks from an empty pool (reset it first)");
    return heap_.front();
  }

  std::size_t size() const { return keys_.size(); }
  const Key& key(std::size_t w) const { return keys_[w]; }

 private:
  /// Worker a comes before worker b.
  bool before(std::size_t a, std::size_t b) const {
    if (keys_[a] < keys_[b]) return true;
    if (keys_[b] < keys_[a]) return false;
    return a < b;
  }

  void place(std::size_t slot, std::size_t w) {
    heap_[slot] = w;
    pos_[w] = slot;
  }

  void sift_up(std::size_t slot) {
    const std::size_t w = heap_[slot];
    while (slot > 0) {
      const std::size_t parent = (slot - 1) / 2;
      if (!before(w, heap_[parent])) break;
      place(slot, heap_[parent]);
      slot = parent;
    }
    place(slot, w);
  }

  void sift_down(std::size_t slot) {
    const std::size_t w = heap_[slot];
    const std::size_t n = heap_.size();
    while (true) {
      std::size_t child = 2 * slot + 1;
      if (child >= n) break;
      if (child + 1 < n && before(heap_[child + 1], heap_[child])) ++child;
      if (!before(heap_[child], w)) break;
      place(slot, heap_[child]);
      slot = child;
    }
    place(slot, w);
  }

  std::vector<Key> keys_;          ///< key of each worker
  std::vector<std::size_t> heap_;  ///< workers in heap order; heap_[0] is the minimum
  std::vector<std::size_t> pos_;   ///< slot of each worker in heap_
};

}  // namespace servesim
