// The CPU backend: runs a CUPIX_HD loop body over [0, n) on OpenMP threads.
#pragma once
#include <cstdint>

namespace cupix::backends {

struct Cpu {
  static constexpr bool is_cuda = false;
  // Below this many work items a parallel region costs more than it saves.
  static constexpr std::int64_t kMinParallel = 1 << 12;

  template <class F>
  static void parallel_for(std::int64_t n, const F& f) {
#pragma omp parallel for schedule(static) if (n >= kMinParallel)
    for (std::int64_t i = 0; i < n; ++i) f(i);
  }

  // parallel_for; on the GPU with a cap on registers (MinBlocks blocks per multiprocessor).
  template <int MinBlocks, class F>
  static void parallel_for_occupied(std::int64_t n, const F& f) {
    parallel_for(n, f);
  }

  // Items that each do much work (a whole line): parallel from two items on, handed out in order.
  template <class F>
  static void parallel_for_heavy(std::int64_t n, const F& f) {
#pragma omp parallel for schedule(dynamic, 1) if (n > 1)
    for (std::int64_t i = 0; i < n; ++i) f(i);
  }
};

}  // namespace cupix::backends
