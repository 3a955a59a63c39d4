#include "io/quickhash.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <memory>
#include <numeric>
#include <vector>

#include "cupix/core/error.hpp"

namespace cupix::io::detail {

std::optional<std::string> quickhash(const File& file, const Directory& smallest, const Directory& first) {
  const std::uint64_t total = std::accumulate(smallest.byte_counts.begin(), smallest.byte_counts.end(), std::uint64_t{0});
  if (total > (std::uint64_t(5) << 20)) return std::nullopt;
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || !EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr)) throw RuntimeError("SHA-256 is unavailable");
  std::vector<unsigned char> buf;
  for (std::size_t k = 0; k < smallest.offsets.size(); ++k) {
    buf.resize(smallest.byte_counts[k]);
    file.read(smallest.offsets[k], buf.size(), buf.data(), "a tile of the smallest level");
    EVP_DigestUpdate(ctx.get(), buf.data(), buf.size());
  }
  static constexpr const char* kTags[] = {"ImageDescription", "Make", "Model", "Software", "DateTime",
                                          "Artist", "HostComputer", "Copyright", "DocumentName"};
  for (const char* name : kTags) {
    const std::string key = std::string("tiff.") + name;  // hashed under its property name
    EVP_DigestUpdate(ctx.get(), key.c_str(), key.size() + 1);
    std::string value;
    for (const auto& [k, v] : first.tags)
      if (k == name) value = v;
    EVP_DigestUpdate(ctx.get(), value.c_str(), value.size() + 1);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &n);
  std::string hex;
  char two[3];
  for (unsigned int i = 0; i < n; ++i) {
    std::snprintf(two, sizeof two, "%02x", digest[i]);
    hex += two;
  }
  return hex;
}

}  // namespace cupix::io::detail
