// Instruction counts of the bench's float workloads (bench/workloads.hpp) on an emulated Cortex-M,
// for bench/icount.sh: the image runs under QEMU with -icount shift=0, where SysTick counts
// virtual time, one instruction a nanosecond. main calibrates SysTick against a loop of known
// length, then prints one line per kernel, and per workload the cost of f alone on floats (the
// libm calls and value arithmetic every backend shares):
//   icount <workload> <N> <instructions per call>
//   icount <workload>_value <N> <instructions per call>
// Built twice per target, with the default backend and with TINYDUAL_BACKEND_PLAIN=1.
#include <tinydual/second_order.hpp>
#include <tinydual/tinydual.hpp>

#include <cstdint>
#include <cstdio>

#include "../workloads.hpp"

namespace {

volatile std::uint32_t& syst(std::uintptr_t address) { return *reinterpret_cast<volatile std::uint32_t*>(address); }
std::uint32_t ticks_now() { return syst(0xE000E018); }
std::uint32_t ticks_between(std::uint32_t start, std::uint32_t end) { return (start - end) & 0xFFFFFFu; }

// 2 n + 2 instructions (a subs/bne loop and the return).
__attribute__((noinline)) void spin(std::uint32_t n) {
    __asm__ volatile("1: subs %0, %0, #1\n\tbne 1b" : "+r"(n));
}

volatile float sink;

// Ticks per call of k, counted around each call (one call stays far below the 24-bit wrap).
template <class K>
double ticks_per_call(K&& k, int calls) {
    std::uint64_t ticks = 0;
    for (int c = 0; c < calls; ++c) {
        const std::uint32_t t0 = ticks_now();
        k();
        ticks += ticks_between(t0, ticks_now());
    }
    return static_cast<double>(ticks) / calls;
}

template <class T, std::size_t N>
std::array<T, N> opaque(const std::array<T, N>& x) {  // a point the compiler cannot see
    static volatile T store[N];
    std::array<T, N> r;
    for (std::size_t i = 0; i < N; ++i) store[i] = x[i];
    for (std::size_t i = 0; i < N; ++i) r[i] = store[i];
    return r;
}

double instructions_per_tick = 0;
double overhead_ticks = 0;

template <class K>
void report(const char* workload, const char* suffix, std::size_t n, K&& k) {
    const double t = ticks_per_call(k, 200) - overhead_ticks;
    std::printf("icount %s%s %u %.0f\n", workload, suffix, static_cast<unsigned>(n), t * instructions_per_tick);
}
// The driver's kernel, then f alone at the same point.
template <class X, class F, class D>
void report(const char* workload, std::size_t n, const X& x, F f, D driver) {
    // x in memory that the compiler must assume changed: no call is hoisted out of the loop
    const auto fresh = [&x] { __asm__ volatile("" : : "r"(&x) : "memory"); };
    report(workload, "", n, [&] { fresh(); driver(f, x); });
    report(workload, "_value", n, [&] { fresh(); sink = f(x); });
}

template <std::size_t N>
void run_all() {
    using T = float;
    const auto grad = [](const auto& f, const auto& x) { sink = tinydual::gradient(f, x).gradient[N - 1]; };
    {
        const auto x = opaque(wl::make_rosenbrock_point<T, N>());
        report("rosenbrock_gradient", N, x, [](const auto& v) { return wl::rosenbrock<T, N>(v); }, grad);
    }
    {
        static const auto p = wl::make_dense<T, N>();
        const auto x = opaque(p.x);
        report("tanh_layer_gradient", N, x, [](const auto& v) { return wl::tanh_layer<T>(v, p); }, grad);
        report("l8_jacobian", N, x,
               [](const auto& v) {  // every output (their sum: N additions)
                   T sum = 0;
                   for (const T y : wl::l8<T>(v, p)) sum += y;
                   return sum;
               },
               [](const auto&, const auto& v) {
                   sink = tinydual::jacobian([](const auto& w) { return wl::l8<T>(w, p); }, v).jacobian(N - 1, N - 1);
               });
        report("quad_sin_hessian", N, x, [](const auto& v) { return wl::quad_sin<T>(v, p); },
               [](const auto& f, const auto& v) { sink = tinydual::hessian(f, v).hessian(N - 1, N - 1); });
    }
    {
        static const auto p = wl::make_neuron<T, N>();
        const auto x = opaque(p.x);
        report("neuron_loss_gradient", N, x, [](const auto& v) { return wl::neuron_loss<T>(v, p); }, grad);
    }
}

}  // namespace

int main() {
    syst(0xE000E014) = 0xFFFFFFu;  // reload value
    syst(0xE000E018) = 0;          // current value
    syst(0xE000E010) = 5;          // enable, processor clock, no interrupt
    constexpr std::uint32_t loop = 200000;
    const std::uint32_t t0 = ticks_now();
    spin(loop);
    const std::uint32_t ticks = ticks_between(t0, ticks_now());
    if (ticks == 0) {
        std::printf("SysTick does not count: run with -icount shift=0 (TINYDUAL_QEMU_ICOUNT=1)\n");
        return 1;
    }
    instructions_per_tick = (2.0 * loop + 2) / ticks;
    overhead_ticks = ticks_per_call([] { __asm__ volatile("" : : : "memory"); }, 200);  // reading the counter
    std::printf("backend %s, %.1f instructions per SysTick tick\n", tinydual::simd::backend_name(), instructions_per_tick);
    run_all<4>();
    run_all<8>();
    run_all<16>();
    return 0;
}
