#include "io/tile_cache.hpp"

#include <list>
#include <mutex>
#include <unordered_map>
#include <utility>

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

class Lru {
 public:
  DecodedTile find(const Key& k) {
    std::lock_guard lock(mutex_);
    auto it = index_.find(k);
    if (it == index_.end()) return {};
    order_.splice(order_.begin(), order_, it->second);  // most recently used first
    return it->second->second;
  }
  void insert(const Key& k, DecodedTile tile) {
    std::lock_guard lock(mutex_);
    if (tile.size > capacity_ || index_.count(k)) return;
    order_.emplace_front(k, std::move(tile));
    index_[k] = order_.begin();
    bytes_ += order_.front().second.size;
    evict();
  }

 private:
  void evict() {
    while (bytes_ > capacity_ && !order_.empty()) {
      bytes_ -= order_.back().second.size;
      index_.erase(order_.back().first);
      order_.pop_back();
    }
  }
  std::mutex mutex_;
  std::list<std::pair<Key, DecodedTile>> order_;
  std::unordered_map<Key, std::list<std::pair<Key, DecodedTile>>::iterator, KeyHash> index_;
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
  if (DecodedTile hit = cache().find(key); hit.data || hit.size) return hit;
  const auto size = static_cast<std::size_t>(d.tile_width * d.tile_height * d.pixel_bytes());
  // Not zeroed: the decoder writes every byte.
  std::shared_ptr<std::uint8_t[]> data = std::make_shared_for_overwrite<std::uint8_t[]>(size);
  DecodedTile tile{read_tile(file, d, index, scratch, data.get()) ? std::move(data) : nullptr, size};
  cache().insert(key, tile);
  return tile;
}

}  // namespace cupix::io::detail
