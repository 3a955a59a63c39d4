// Umbrella header for the core types.
#pragma once
#include "cupix/core/allocator.hpp"
#include "cupix/core/device.hpp"
#include "cupix/core/dispatch.hpp"
#include "cupix/core/dlpack.hpp"
#include "cupix/core/dtype.hpp"
#include "cupix/core/error.hpp"
#include "cupix/core/ndarray.hpp"
#include "cupix/core/stream.hpp"
