// Instruction counts of the bench's float workloads (bench/workloads.hpp) on an emulated Cortex-M,
// for bench/icount.sh: the image runs under QEMU with -icount shift=0, where SysTick counts
// virtual time, one instruction a nanosecond. main calibrates SysTick against a loop of known
// length, then prints one line per kernel, and per workload the cost of f alone on floats (the
// libm calls and value arithmetic every implementation shares):
//   icount <workload> <N> <instructions per call>
//   icount <workload>_value <N> <instructions per call>
// ICOUNT_IMPL picks the implementation, one per image: 0 tinydual (the target's default backend,
// or plain arrays with TINYDUAL_BACKEND_PLAIN=1), 1 tinydual with tinydual::ieee, 2 Ceres Jet
// (Jet<float, N>; Jet<Jet<float, N>, N> for the Hessian), 3 the hand-written derivatives of
// workloads.hpp. Every kernel's result is checked against the hand-written one first; a mismatch
// prints the kernel and exits with status 1.
#if !defined(ICOUNT_IMPL) || ICOUNT_IMPL <= 1
#  include <tinydual/second_order.hpp>
#  include <tinydual/tinydual.hpp>
#elif ICOUNT_IMPL == 2
#  include <ceres/jet.h>
#endif

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "../workloads.hpp"

#ifndef ICOUNT_IMPL
#  define ICOUNT_IMPL 0
#endif

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

// Every entry of a result (value and derivatives) summed, so that no part of it can be left
// uncomputed; mag sums their magnitudes, for the check's tolerance.
struct total {
    float sum = 0, mag = 0;
    void add(float v) {
        sum += v;
        mag += std::fabs(v);
    }
};
template <class T, std::size_t N>
total entries(const wl::gradient_out<T, N>& r) {
    total t;
    t.add(r.value);
    for (const T g : r.gradient) t.add(g);
    return t;
}
template <class T, std::size_t M, std::size_t N>
total entries(const wl::jacobian_out<T, M, N>& r) {
    total t;
    for (std::size_t i = 0; i < M; ++i) {
        t.add(r.value[i]);
        for (const T j : r.jacobian[i]) t.add(j);
    }
    return t;
}
template <class T, std::size_t N>
total entries(const wl::hessian_out<T, N>& r) {
    total t;
    t.add(r.value);
    for (std::size_t i = 0; i < N; ++i) {
        t.add(r.gradient[i]);
        for (const T h : r.hessian[i]) t.add(h);
    }
    return t;
}

void check(const char* workload, std::size_t n, float got, const total& expected) {
    if (!(std::fabs(got - expected.sum) <= 1e-4f * std::fmax(1.0f, expected.mag))) {
        std::printf("MISMATCH %s N = %u: %g, hand-written %g\n", workload, static_cast<unsigned>(n),
                    static_cast<double>(got), static_cast<double>(expected.sum));
        std::exit(1);
    }
}

template <class K>
void count(const char* workload, const char* suffix, std::size_t n, K&& k) {
    const double t = ticks_per_call(k, 200) - overhead_ticks;
    std::printf("icount %s%s %u %.0f\n", workload, suffix, static_cast<unsigned>(n), t * instructions_per_tick);
}

// One workload: the implementation's kernel, called with impl I (returning the sum of its
// result's entries; with ICOUNT_IMPL 3 the hand-written h itself), checked against h, then f alone at the same point. x
// lives in memory the compiler must assume changed, so no call is hoisted out of the counting loop.
template <class I, class X, class F, class H, class K>
void report(const char* workload, std::size_t n, const X& x, F f, H h, K kernel) {
#if ICOUNT_IMPL == 3
    const auto run = [&h](const X& v) { return entries(h(v)).sum; };
    static_cast<void>(kernel);
#else
    const auto run = [&kernel](const X& v) { return kernel(I{}, v); };
#endif
    const auto fresh = [&x] { __asm__ volatile("" : : "r"(&x) : "memory"); };
    check(workload, n, run(x), entries(h(x)));
    count(workload, "", n, [&] { fresh(); sink = run(x); });
    count(workload, "_value", n, [&] { fresh(); sink = f(x); });
}

// The implementation's drivers, each returning the sum of its result's entries.
template <std::size_t N>
struct impl {
    using T = float;
#if ICOUNT_IMPL <= 1
#  if ICOUNT_IMPL == 1
    static constexpr tinydual::ieee_policy policy{};
#  else
    static constexpr tinydual::safe_policy policy{};
#  endif
    using hessian_constant = T;  // the type a Hessian workload's constants are written in
    template <class F>
    static T gradient(F f, const std::array<T, N>& x) {
        const auto r = tinydual::gradient(f, x, policy);
        T s = r.value;
        for (std::size_t i = 0; i < N; ++i) s += r.gradient[i];
        return s;
    }
    template <class F>
    static T jacobian(F f, const std::array<T, N>& x) {
        const auto r = tinydual::jacobian(f, x, policy);
        T s = 0;
        for (std::size_t i = 0; i < N; ++i) {
            s += r.value[i];
            for (std::size_t j = 0; j < N; ++j) s += r.jacobian(i, j);
        }
        return s;
    }
    template <class F>
    static T hessian(F f, const std::array<T, N>& x) {
        const auto r = tinydual::hessian(f, x, policy);
        T s = r.value;
        for (std::size_t i = 0; i < N; ++i) {
            s += r.gradient[i];
            for (std::size_t j = 0; j < N; ++j) s += r.hessian(i, j);
        }
        return s;
    }
#elif ICOUNT_IMPL == 2
    using J = ceres::Jet<T, static_cast<int>(N)>;
    using hessian_constant = J;  // Jet<Jet> does not mix with a plain float
    static std::array<J, N> seed(const std::array<T, N>& x) {
        std::array<J, N> xs;
        for (std::size_t i = 0; i < N; ++i) xs[i] = J(x[i], static_cast<int>(i));
        return xs;
    }
    static T sum(const J& y) {
        T s = y.a;
        for (std::size_t i = 0; i < N; ++i) s += y.v[static_cast<int>(i)];
        return s;
    }
    template <class F>
    static T gradient(F f, const std::array<T, N>& x) { return sum(f(seed(x))); }
    template <class F>
    static T jacobian(F f, const std::array<T, N>& x) {
        T s = 0;
        for (const J& y : f(seed(x))) s += sum(y);
        return s;
    }
    template <class F>
    static T hessian(F f, const std::array<T, N>& x) {
        using J2 = ceres::Jet<J, static_cast<int>(N)>;
        std::array<J2, N> xs;
        for (std::size_t i = 0; i < N; ++i) xs[i] = J2(J(x[i], static_cast<int>(i)), static_cast<int>(i));
        const J2 y = f(xs);
        T s = sum(y.a);  // value and gradient
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t j = 0; j < N; ++j) s += y.v[static_cast<int>(i)].v[static_cast<int>(j)];
        return s;
    }
#endif
};

// The kernels take the implementation as their first argument, so that their bodies are compiled
// only where they are called: an image of hand-written code has no drivers.
template <std::size_t N>
void run_all() {
    using T = float;
    using I = impl<N>;
    {
        const auto x = opaque(wl::make_rosenbrock_point<T, N>());
        const auto f = [](const auto& v) { return wl::rosenbrock<T, N>(v); };
        report<I>("rosenbrock_gradient", N, x, f, [](const auto& v) { return wl::hand::rosenbrock_gradient(v); },
               [&](auto i, const auto& v) { return decltype(i)::gradient(f, v); });
    }
    {
        static const auto p = wl::make_dense<T, N>();
        const auto x = opaque(p.x);
        const auto tanh_layer = [](const auto& v) { return wl::tanh_layer<T>(v, p); };
        report<I>("tanh_layer_gradient", N, x, tanh_layer, [](const auto& v) { return wl::hand::tanh_layer_gradient(v, p); },
               [&](auto i, const auto& v) { return decltype(i)::gradient(tanh_layer, v); });
        const auto l8_sum = [](const auto& v) {  // every output (their sum: N additions)
            T sum = 0;
            for (const T y : wl::l8<T>(v, p)) sum += y;
            return sum;
        };
        report<I>("l8_jacobian", N, x, l8_sum, [](const auto& v) { return wl::hand::l8_jacobian(v, p); },
               [](auto i, const auto& v) { return decltype(i)::jacobian([](const auto& w) { return wl::l8<T>(w, p); }, v); });
        report<I>("quad_sin_hessian", N, x, [](const auto& v) { return wl::quad_sin<T>(v, p); },
               [](const auto& v) { return wl::hand::quad_sin_hessian(v, p); },
               [](auto i, const auto& v) {
                   using C = typename decltype(i)::hessian_constant;
                   return decltype(i)::hessian([](const auto& w) { return wl::quad_sin<C>(w, p); }, v);
               });
    }
    {
        static const auto p = wl::make_neuron<T, N>();
        const auto x = opaque(p.x);
        const auto loss = [](const auto& v) { return wl::neuron_loss<T>(v, p); };
        report<I>("neuron_loss_gradient", N, x, loss, [](const auto& v) { return wl::hand::neuron_loss_gradient(v, p); },
               [&](auto i, const auto& v) { return decltype(i)::gradient(loss, v); });
    }
}

const char* impl_name() {
#if ICOUNT_IMPL <= 1
    return tinydual::simd::backend_name();
#elif ICOUNT_IMPL == 2
    return "jet";
#else
    return "hand";
#endif
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
    std::printf("backend %s, %.1f instructions per SysTick tick\n", impl_name(), instructions_per_tick);
    run_all<2>();
    run_all<4>();
    run_all<8>();
    run_all<16>();
    return 0;
}
