// Stack use of the first-order drivers at N = 4 ... 100, one pass and chunk<C> (bench/stack.sh):
// one image per (driver, N, C). The function is the squared error of a tanh model with N
// parameters over K = 8 samples, f(p) = sum_k (tanh(a_k . p) - y_k)^2 (N = 49 is the size of a
// 4-8-1 network's parameters); the Jacobian is that of its K residuals. main paints the stack
// below itself, runs the driver once on inputs the compiler cannot see, and prints the deepest
// stack use it finds.
#include <cmath>
#include <cstdint>
#include <cstdio>

#include <tinydual/tinydual.hpp>

#ifndef TDST_DRIVER
#  define TDST_DRIVER 1  // 1 gradient, 2 jacobian
#endif
#ifndef TDST_N
#  define TDST_N 4
#endif
#ifndef TDST_CHUNK
#  define TDST_CHUNK 0  // 0: one pass
#endif

namespace {
constexpr std::size_t N = TDST_N, K = 8;
volatile float seed = 0.25f;
volatile float output[K * N];

template <class X>
auto residuals(const X& p) {
    using S = std::decay_t<decltype(p[0])>;
    using std::tanh;
    tinydual::vec<S, K> r{};
    for (std::size_t k = 0; k < K; ++k) {
        S z = p[0] * 0.0f;
        for (std::size_t i = 0; i < N; ++i) z += p[i] * (0.1f * static_cast<float>((k * 7 + i * 3) % 11) - 0.5f);
        r[k] = tanh(z) - 0.1f * static_cast<float>(k);
    }
    return r;
}

__attribute__((noinline)) void run() {
    tinydual::vec<float, N> p{};
    for (std::size_t i = 0; i < N; ++i) p[i] = seed * static_cast<float>(i % 5) - 0.3f;
#if TDST_CHUNK
#  define TDST_OPTIONS , tinydual::chunk<TDST_CHUNK>
#else
#  define TDST_OPTIONS
#endif
#if TDST_DRIVER == 1
    const auto f = [](const auto& q) {
        const auto r = residuals(q);
        auto s = r[0] * r[0];
        for (std::size_t k = 1; k < K; ++k) s += r[k] * r[k];
        return s;
    };
    const auto g = tinydual::gradient(f, p TDST_OPTIONS);
    for (std::size_t i = 0; i < N; ++i) output[i] = g.gradient[i];
#else
    const auto J = tinydual::jacobian([](const auto& q) { return residuals(q); }, p TDST_OPTIONS);
    for (std::size_t i = 0; i < K * N; ++i) output[i] = J.jacobian(i / N, i % N);
#endif
}

constexpr std::uint32_t paint = 0xA5C3E10Fu;
constexpr std::uintptr_t depth = 192 * 1024;  // bytes painted below main's frame (mps2: 256 KiB stack)
}  // namespace

int main() {
    std::uintptr_t sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    const std::uintptr_t top = sp & ~std::uintptr_t(3);
    volatile std::uint32_t* const bottom = reinterpret_cast<volatile std::uint32_t*>(top - depth);
    for (std::uintptr_t i = 0; i < depth / 4; ++i) bottom[i] = paint;
    run();
    std::uintptr_t i = 0;
    while (i < depth / 4 && bottom[i] == paint) ++i;
    std::printf("stack %s%u\n", i == 0 ? ">" : "", static_cast<unsigned>(depth - i * 4));
    return 0;
}
