// One reference kernel (kernels.hpp) as a whole firmware image, for the footprint report
// (bench/footprint.sh). TDFP_KERNEL picks it: 0 none (the baseline that the report subtracts),
// 1 net_gradient, 2 l8_jacobian, 3 hessian4. main paints the stack below itself, runs the kernel
// once on inputs the compiler cannot see, and prints the deepest stack use it finds.
#include <cstdint>
#include <cstdio>

#include "kernels.hpp"

#ifndef TDFP_KERNEL
#  define TDFP_KERNEL 0
#endif

namespace {
volatile float input[4] = {0.3f, -0.2f, 0.5f, 0.1f};
volatile float output[16];

__attribute__((noinline)) void run() {
    const tinydual::vec<float, 4> x{input[0], input[1], input[2], input[3]};
#if TDFP_KERNEL == 1
    const auto g = tdkernels::net_gradient(x);
    for (std::size_t i = 0; i < 4; ++i) output[i] = g[i];
#elif TDFP_KERNEL == 2
    const auto J = tdkernels::l8_jacobian(x);
    for (std::size_t i = 0; i < 16; ++i) output[i] = J(i / 4, i % 4);
#elif TDFP_KERNEL == 3
    const auto H = tdkernels::hessian4(x);
    for (std::size_t i = 0; i < 16; ++i) output[i] = H(i / 4, i % 4);
#else
    for (std::size_t i = 0; i < 4; ++i) output[i] = x[i];
#endif
}

constexpr std::uint32_t paint = 0xA5C3E10Fu;
constexpr std::uintptr_t depth = 3072;  // bytes painted below main's frame (microbit: 4 KiB stack)
}  // namespace

int main() {
    std::uintptr_t sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    const std::uintptr_t top = sp & ~std::uintptr_t(3);  // below sp nothing is in use yet
    volatile std::uint32_t* const bottom = reinterpret_cast<volatile std::uint32_t*>(top - depth);
    for (std::uintptr_t i = 0; i < depth / 4; ++i) bottom[i] = paint;
    run();
    std::uintptr_t i = 0;
    while (i < depth / 4 && bottom[i] == paint) ++i;
    // i == 0: the kernel used all of the painted area (or more): report it as a lower bound.
    std::printf("stack %s%u\n", i == 0 ? ">" : "", static_cast<unsigned>(depth - i * 4));
    return 0;
}
