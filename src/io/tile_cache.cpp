#include "io/tile_cache.hpp"

#include <exception>
#include <future>
#include <list>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>

#include "io/buffer_pool.hpp"

namespace cupix::io::detail {
namespace {

struct Key {
  std::uint64_t directory;  // Directory::cache_id: unique for the life of the process
  std::int64_t tile;
  bool operator==(const Key&) const = default;
};
struct KeyHash {
  std::size_t operator()(const Key& k) const { return std::hash<std::uint64_t>()(k.directory * 0x9E3779B97F4A7C15ull ^ k.tile); }
};

// An entry is claimed by the first thread that misses: it decodes the tile while threads that
// want the same tile wait on the entry's future (neighbouring patches read in parallel share
// tiles; without this both threads would decode them).
class Lru {
 public:
  // The tile's entry, and whether the caller claimed it and must fulfil `promise`.
  std::pair<std::shared_future<DecodedTile>, bool> find_or_claim(const Key& k, std::promise<DecodedTile>& promise) {
    std::lock_guard lock(mutex_);
    if (auto it = touch(k); it != order_.end()) return {it->tile, false};
    order_.push_front({k, promise.get_future().share(), 0});
    index_[k] = order_.begin();
    return {order_.front().tile, true};
  }
  std::optional<std::shared_future<DecodedTile>> find(const Key& k) {
    std::lock_guard lock(mutex_);
    if (auto it = touch(k); it != order_.end()) return it->tile;
    return std::nullopt;
  }
  // A claimed entry's tile is decoded: count its bytes, and evict to stay within capacity.
  void filled(const Key& k, std::size_t bytes) {
    std::lock_guard lock(mutex_);
    auto it = index_.find(k);
    if (it == index_.end()) return;  // evicted while it was decoded
    if (bytes > capacity_) return erase(it->second);
    it->second->bytes = bytes;
    bytes_ += bytes;
    while (bytes_ > capacity_) erase(std::prev(order_.end()));
  }
  // A claimed entry whose decode failed: waiters get the error, later readers try again.
  void failed(const Key& k) {
    std::lock_guard lock(mutex_);
    if (auto it = index_.find(k); it != index_.end()) erase(it->second);
  }

 private:
  struct Entry {
    Key key;
    std::shared_future<DecodedTile> tile;
    std::size_t bytes;  // 0 until decoded
  };
  // The entry of k, moved to the front (most recently used), or order_.end().
  std::list<Entry>::iterator touch(const Key& k) {
    auto it = index_.find(k);
    if (it == index_.end()) return order_.end();
    order_.splice(order_.begin(), order_, it->second);
    return it->second;
  }
  void erase(std::list<Entry>::iterator e) {
    bytes_ -= e->bytes;
    index_.erase(e->key);
    order_.erase(e);
  }
  std::mutex mutex_;
  std::list<Entry> order_;
  std::unordered_map<Key, std::list<Entry>::iterator, KeyHash> index_;
  std::size_t bytes_ = 0;
  const std::size_t capacity_ = std::size_t(256) << 20;
};

Lru& cache() {
  static Lru lru;
  return lru;
}

}  // namespace

DecodedTile cached_tile(const File& file, const Directory& d, std::int64_t index, TileScratch& scratch) {
  const Key key{d.cache_id, index};
  std::promise<DecodedTile> promise;
  auto [entry, claimed] = cache().find_or_claim(key, promise);
  if (!claimed) return entry.get();  // waits while another thread decodes it; rethrows its error
  try {
    const auto size = static_cast<std::size_t>(d.tile_width * d.tile_height * d.pixel_bytes());
    std::shared_ptr<std::uint8_t[]> data = tile_buffers().get(size);  // not zeroed: the decoder writes every byte
    const DecodedTile tile{read_tile(file, d, index, scratch, data.get()) ? std::move(data) : nullptr, size};
    promise.set_value(tile);
    cache().filled(key, size);
    return tile;
  } catch (...) {
    promise.set_exception(std::current_exception());
    cache().failed(key);
    throw;
  }
}

std::optional<DecodedTile> find_cached_tile(const Directory& d, std::int64_t index) {
  auto entry = cache().find({d.cache_id, index});
  if (!entry) return std::nullopt;
  return entry->get();
}

}  // namespace cupix::io::detail
