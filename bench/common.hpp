// bench/common.hpp: the harness shared by the benchmark translation units.
//
//   struct my_impl { static constexpr const char* name = "mine"; /* gradient, jacobian, hessian */ };
//   static const bool registered = (bench::add_first_order<my_impl>(), true);
//
// Every kernel is named workload/type/N/implementation (bench/run.py parses that) and is
// registered twice: for Google Benchmark (timed) and for the instruction-count mode
// (main.cpp, `--count`, run under callgrind). Before it is timed or counted, a kernel computes
// its result once and compares it with the hand-written derivative; a mismatch aborts the
// program with a message. In the timed loop the point goes through benchmark::DoNotOptimize
// before every call and the result after it, the same for every implementation.
//
// An implementation is a struct with a name and three static functions, each taking a workload
// f(tag<C>, x) (C: the type constants are written in) and the point, returning its own result:
//   gradient(f, x) -> anything with .value and .gradient[i] (or convertible by get_*)
// and the readers value_of(r), gradient_of(r, i), jacobian_of(r, i, j), hessian_of(r, i, j).
#pragma once

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "workloads.hpp"

namespace bench {

/// The type constants are written in, for a workload: f(tag<C>{}, x).
template <class C>
struct tag {
    using type = C;
};

struct kernel {
    std::string name;
    std::function<void(benchmark::State&)> timed;
    std::function<void(long)> counted;
};
std::vector<kernel>& registry();                // main.cpp
/// Lines for Google Benchmark's context (the JSON "context" object): name, value.
std::vector<std::pair<std::string, std::string>>& context();  // main.cpp
void count_begin();                             // main.cpp: callgrind zero stats
void count_end(const std::string& name);        // main.cpp: callgrind dump, named

template <class T>
constexpr const char* type_name() {
    return sizeof(T) == sizeof(float) ? "float" : "double";
}
template <class T>
std::string kernel_name(const char* workload, std::size_t n, const char* impl) {
    return std::string(workload) + "/" + type_name<T>() + "/" + std::to_string(n) + "/" + impl;
}

/// make() prepares the data, checks the result once and returns the step to repeat.
template <class Make>
void add(const std::string& name, Make make) {
    registry().push_back({name,
                          [make](benchmark::State& state) {
                              auto step = make();
                              for (auto _ : state) step();
                          },
                          [make, name](long iterations) {
                              auto step = make();
                              count_begin();
                              for (long i = 0; i < iterations; ++i) step();
                              count_end(name);
                          }});
}

// ---- checking against the hand-written derivative --------------------------------------------
template <class T>
T tolerance() {
    return sizeof(T) == sizeof(float) ? T(2e-4) : T(1e-10);
}
struct checker {
    const std::string& name;
    double worst = 0;
    double scale = 1;
    template <class T>
    void operator()(const char* what, T got, T want) {
        const double g = static_cast<double>(got), w = static_cast<double>(want);
        const double err = std::fabs(g - w) / std::fmax(1.0, std::fabs(w));
        if (!(err <= static_cast<double>(tolerance<T>()))) {
            std::fprintf(stderr, "bench: %s: %s is %.17g, the hand-written derivative gives %.17g\n", name.c_str(),
                         what, g, w);
            std::abort();
        }
    }
};

struct gradient_kind {};
struct jacobian_kind {};
struct hessian_kind {};

template <class T, std::size_t N, class R>
void check(const std::string& name, gradient_kind, const R& got, const wl::gradient_out<T, N>& want) {
    checker c{name};
    c("value", got.value, want.value);
    for (std::size_t i = 0; i < N; ++i) c("gradient", got.gradient[i], want.gradient[i]);
}
template <class T, std::size_t M, std::size_t N, class R>
void check(const std::string& name, jacobian_kind, const R& got, const wl::jacobian_out<T, M, N>& want) {
    checker c{name};
    for (std::size_t i = 0; i < M; ++i) {
        c("value", got.value[i], want.value[i]);
        for (std::size_t j = 0; j < N; ++j) c("jacobian", got.jacobian[i][j], want.jacobian[i][j]);
    }
}
template <class T, std::size_t N, class R>
void check(const std::string& name, hessian_kind, const R& got, const wl::hessian_out<T, N>& want) {
    checker c{name};
    c("value", got.value, want.value);
    for (std::size_t i = 0; i < N; ++i) {
        c("gradient", got.gradient[i], want.gradient[i]);
        for (std::size_t j = 0; j < N; ++j) c("hessian", got.hessian[i][j], want.hessian[i][j]);
    }
}

/// The hand-written derivative as an implementation: it ignores the generic workload.
struct hand_impl {
    static constexpr const char* name = "hand";
    template <class R>
    static const R& out(const R& r) {
        return r;
    }
};

/// One kernel: implementation Impl computes kind K of workload w at the point x with data p;
/// hand(x, p) is the hand-written derivative it is checked against.
template <class Impl, class K, class X, class P, class W, class H>
void add_kernel(const char* workload, std::size_t n, X x, P p, W w, H hand) {
    using T = std::decay_t<decltype(x[0])>;
    const std::string name = kernel_name<T>(workload, n, Impl::name);
    add(name, [=] {
        struct state {
            X x;
            P p;
        };
        auto run = [w, hand](const state& s) {
            (void)w;
            (void)hand;
            if constexpr (std::is_same<Impl, hand_impl>::value)
                return hand(s.x, s.p);
            else
                return Impl::template run<K>([&s, w](auto c, const auto& xs) { return w(c, xs, s.p); }, s.x);
        };
        const state s0{x, p};
        check(name, K{}, Impl::out(run(s0)), hand(s0.x, s0.p));
        return [s = s0, run]() mutable {
            benchmark::DoNotOptimize(s.x);
            auto r = run(s);
            benchmark::DoNotOptimize(r);
        };
    });
}

// ---- the workloads, for one implementation ---------------------------------------------------
#define BENCH_WORKLOAD(expr) [](auto c, const auto& xs, const auto& data) { \
    using C = typename decltype(c)::type;                                   \
    (void)data;                                                             \
    return expr;                                                            \
}

template <class Impl, class T, std::size_t N>
void add_l8() {
    const auto p = wl::make_dense<T, N>();
    add_kernel<Impl, jacobian_kind>("l8_jacobian", N, p.x, p, BENCH_WORKLOAD((wl::l8<C>(xs, data))),
                                    [](const auto& xx, const auto& pp) { return wl::hand::l8_jacobian(xx, pp); });
}

template <class Impl, class T, std::size_t N>
void add_first_order_n() {
    {
        const auto x = wl::make_rosenbrock_point<T, N>();
        add_kernel<Impl, gradient_kind>("rosenbrock_gradient", N, x, 0, BENCH_WORKLOAD((wl::rosenbrock<C, N>(xs))),
                                        [](const auto& xx, int) { return wl::hand::rosenbrock_gradient(xx); });
    }
    {
        const auto p = wl::make_dense<T, N>();
        add_kernel<Impl, gradient_kind>("tanh_layer_gradient", N, p.x, p, BENCH_WORKLOAD((wl::tanh_layer<C>(xs, data))),
                                        [](const auto& xx, const auto& pp) { return wl::hand::tanh_layer_gradient(xx, pp); });
    }
    add_l8<Impl, T, N>();
    {
        const auto p = wl::make_neuron<T, N>();
        add_kernel<Impl, gradient_kind>("neuron_loss_gradient", N, p.x, p, BENCH_WORKLOAD((wl::neuron_loss<C>(xs, data))),
                                        [](const auto& xx, const auto& pp) { return wl::hand::neuron_loss_gradient(xx, pp); });
    }
}

template <class Impl, class T>
void add_rigid() {
    const auto p = wl::make_rigid<T>();
    add_kernel<Impl, jacobian_kind>("rigid_jacobian", 6, p.x, p, BENCH_WORKLOAD((wl::rigid_residual<C>(xs, data))),
                                    [](const auto& xx, const auto& pp) { return wl::hand::rigid_jacobian(xx, pp); });
}

// BENCH_QUICK (CMake option TINYDUAL_BENCH_QUICK, for the CI smoke run .ci/bench-smoke): every
// workload and implementation at N = 4 only, float and double, so that the programs compile in a
// fraction of the time; the results are checked exactly as in the full build.
#ifndef BENCH_QUICK
#  define BENCH_QUICK 0
#endif

/// Gradients and Jacobians, float and double, N = 2, 4, 8, 16, 32 (rigid: N = 6).
template <class Impl>
void add_first_order() {
#if BENCH_QUICK
    add_first_order_n<Impl, float, 4>();
    add_first_order_n<Impl, double, 4>();
    // GCC 12.2 at -O3 (SSE2) once miscompiled jacobian(f, x, tinydual::ieee) here: the Jacobian
    // came back partly uninitialised (see jacobian() in derivatives.hpp).
    add_l8<Impl, float, 16>();
    add_rigid<Impl, float>();
    add_rigid<Impl, double>();
#else
    add_first_order_n<Impl, float, 2>();
    add_first_order_n<Impl, float, 4>();
    add_first_order_n<Impl, float, 8>();
    add_first_order_n<Impl, float, 16>();
    add_first_order_n<Impl, float, 32>();
    add_first_order_n<Impl, double, 2>();
    add_first_order_n<Impl, double, 4>();
    add_first_order_n<Impl, double, 8>();
    add_first_order_n<Impl, double, 16>();
    add_first_order_n<Impl, double, 32>();
    add_rigid<Impl, float>();
    add_rigid<Impl, double>();
#endif
}

template <class Impl, class T, std::size_t N>
void add_second_order_n() {
    const auto p = wl::make_dense<T, N>();
    add_kernel<Impl, hessian_kind>("quad_sin_hessian", N, p.x, p, BENCH_WORKLOAD((wl::quad_sin<C>(xs, data))),
                                   [](const auto& xx, const auto& pp) { return wl::hand::quad_sin_hessian(xx, pp); });
    add_kernel<Impl, hessian_kind>("tanh_layer_hessian", N, p.x, p, BENCH_WORKLOAD((wl::tanh_layer<C>(xs, data))),
                                   [](const auto& xx, const auto& pp) { return wl::hand::tanh_layer_hessian(xx, pp); });
}

/// Hessians, float and double, N = 2 .. MaxN (powers of two).
template <class Impl, std::size_t MaxN = 32>
void add_second_order() {
#if BENCH_QUICK
    add_second_order_n<Impl, float, 4>();
    add_second_order_n<Impl, double, 4>();
#else
    add_second_order_n<Impl, float, 2>();
    add_second_order_n<Impl, float, 4>();
    add_second_order_n<Impl, float, 8>();
    add_second_order_n<Impl, float, 16>();
    if constexpr (MaxN >= 32) add_second_order_n<Impl, float, 32>();
    add_second_order_n<Impl, double, 2>();
    add_second_order_n<Impl, double, 4>();
    add_second_order_n<Impl, double, 8>();
    add_second_order_n<Impl, double, 16>();
    if constexpr (MaxN >= 32) add_second_order_n<Impl, double, 32>();
#endif
}

}  // namespace bench
