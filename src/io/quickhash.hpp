// OpenSlide's openslide.quickhash-1: a SHA-256 that identifies a slide cheaply.
#pragma once
#include <optional>
#include <string>

#include "io/file.hpp"
#include "io/tiff_directory.hpp"

namespace cupix::io::detail {

// The lowercase hex SHA-256 of the stored (compressed) tiles of `smallest`, then of the nine
// string tags of `first` (property name tiff.<Tag> and value, each NUL-terminated; absent values
// as one NUL).
// Empty when the smallest level's tiles exceed 5 MiB, where OpenSlide omits the property.
std::optional<std::string> quickhash(const File& file, const Directory& smallest, const Directory& first);

}  // namespace cupix::io::detail
