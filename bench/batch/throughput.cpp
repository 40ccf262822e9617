// bench/batch/throughput.cpp: per-point cost of gradients (and Hessians, N <= 8) over many
// points, side by side in one program: Ceres Jet (Jet of Jet for Hessians), Eigen's
// AutoDiffScalar (nested for Hessians) and one-point tinydual in a loop over the points, and
// tinydual::batch (K points per call of f). Run under callgrind by
// bench/batch.sh, which prints instructions per point; with -DBATCH_TIMING (bench/batch.sh --time)
// the same kernels are Google Benchmark timings instead; with -DBATCH_COUNT (bench/batch.sh
// --aarch64, under QEMU) `throughput KERNEL R` runs only that kernel, R times, and its workload's
// setup, so that two runs' instruction counts differ by R - 1 runs of the kernel. Each kernel's
// results are checked against one-point tinydual first (not with BATCH_COUNT).
#include <ceres/jet.h>
#include <Eigen/Core>
#include <unsupported/Eigen/AutoDiff>
#if defined(BATCH_TIMING)
#  include <benchmark/benchmark.h>
#elif !defined(BATCH_COUNT)
#  include <valgrind/callgrind.h>
#endif

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <tinydual/batch.hpp>
#include <tinydual/tinydual.hpp>

#include "../workloads.hpp"

namespace {

constexpr std::size_t points_per_run = 256;

// BATCH_WIDTH=K (bench/batch.sh's BATCH_FLAGS) sets batch::width<K> for the gradients: the
// default is one register (batch::default_lanes<T>).
#ifdef BATCH_WIDTH
#  define BATCH_WIDTH_OPTION , tinydual::batch::width<BATCH_WIDTH>
#else
#  define BATCH_WIDTH_OPTION
#endif

/// v as the number type S (Jet of Jet takes its constants as an inner Jet).
template <class S, class V>
S lift(const V& v) {
    if constexpr (std::is_constructible<S, V>::value)
        return S(v);
    else
        return S(lift<std::decay_t<decltype(std::declval<S>().a)>>(v));
}

// The bench workloads, with every constant lifted to the number type (as Jet code is written);
// the neuron's rectifier through max, which batched code needs (no branch on a batched value).
struct rosenbrock {
    template <class X>
    auto operator()(const X& x) const {
        using S = std::decay_t<decltype(x[0])>;
        S f = lift<S>(0);
        for (std::size_t i = 0; i + 1 < x.size(); i += 2) {
            const S a = x[i] * x[i] - x[i + 1];
            const S d = x[i] - lift<S>(1);
            f += lift<S>(100) * a * a + d * d;
        }
        return f;
    }
};
template <class T, std::size_t N>
struct tanh_layer {
    wl::dense<T, N> p;
    template <class X>
    auto operator()(const X& x) const {
        using S = std::decay_t<decltype(x[0])>;
        using std::tanh;
        S f = lift<S>(0);
        for (std::size_t i = 0; i < N; ++i) {
            S z = lift<S>(p.c[i]);
            for (std::size_t j = 0; j < N; ++j) z += lift<S>(p.A[i][j]) * x[j];
            f += lift<S>(p.v[i]) * tanh(z);
        }
        return f;
    }
};
template <class T, std::size_t N>
struct neuron_loss {
    wl::neuron<T, N> p;
    template <class X>
    auto operator()(const X& w) const {
        using S = std::decay_t<decltype(w[0])>;
        using std::max;
        S loss = lift<S>(0);
        for (std::size_t k = 0; k < wl::neuron_samples; ++k) {
            S z = w[N - 1];
            for (std::size_t j = 0; j + 1 < N; ++j) z += lift<S>(p.X[k][j]) * w[j];
            const S r = lift<S>(p.y[k]) - max(z, lift<S>(0));
            loss += r * r;
        }
        return S(loss * lift<S>(T(1) / T(wl::neuron_samples)));  // (a value: Eigen returns an expression)
    }
};

template <class T, std::size_t N>
using point = tinydual::vec<T, N>;

/// One kernel run over the points: counted by callgrind under the name (workload/type/N/impl),
/// or registered as a Google Benchmark of that name (items: points).
#ifdef BATCH_COUNT
std::string selected;       // the kernel to run (workload/type/N/impl)
int selected_runs = 0;      // how many times
/// True when the workload's kernels include the selected one.
bool wanted(const std::string& prefix) { return selected.compare(0, prefix.size() + 1, prefix + "/") == 0; }
#else
bool wanted(const std::string&) { return true; }
#endif

template <class Run>
void record(const std::string& name, Run run) {
#if defined(BATCH_COUNT)
    if (name == selected)
        for (int r = 0; r < selected_runs; ++r) run();
#elif defined(BATCH_TIMING)
    benchmark::RegisterBenchmark(name.c_str(), [run](benchmark::State& state) {
        for (auto _ : state) {
            run();
            benchmark::ClobberMemory();
        }
        state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(points_per_run));
    });
    run();
#else
    CALLGRIND_ZERO_STATS;
    run();
    CALLGRIND_DUMP_STATS_AT(name.c_str());
#endif
}

template <class T, std::size_t N, class F>
__attribute__((noinline)) void run_jet(const F& f, const point<T, N>* x, tinydual::gradient_result<T, tinydual::vec<T, N>>* out) {
    using J = ceres::Jet<T, static_cast<int>(N)>;
    for (std::size_t k = 0; k < points_per_run; ++k) {
        std::array<J, N> xs;
        for (std::size_t i = 0; i < N; ++i) xs[i] = J(x[k][i], static_cast<int>(i));
        const J y = f(xs);
        out[k].value = y.a;
        for (std::size_t i = 0; i < N; ++i) out[k].gradient[i] = y.v[static_cast<int>(i)];
    }
}
template <class T, std::size_t N, class F>
__attribute__((noinline)) void run_eigen(const F& f, const point<T, N>* x, tinydual::gradient_result<T, tinydual::vec<T, N>>* out) {
    constexpr int n = static_cast<int>(N);
    using AD = Eigen::AutoDiffScalar<Eigen::Matrix<T, n, 1>>;
    for (std::size_t k = 0; k < points_per_run; ++k) {
        std::array<AD, N> xs;
        for (std::size_t i = 0; i < N; ++i) xs[i] = AD(x[k][i], n, static_cast<int>(i));
        const AD y = f(xs);
        out[k].value = y.value();
        for (std::size_t i = 0; i < N; ++i) out[k].gradient[i] = y.derivatives()[static_cast<int>(i)];
    }
}
template <class T, std::size_t N, class F>
__attribute__((noinline)) void run_one(const F& f, const point<T, N>* x, tinydual::gradient_result<T, tinydual::vec<T, N>>* out) {
    for (std::size_t k = 0; k < points_per_run; ++k) out[k] = tinydual::gradient(f, x[k]);
}
template <class T, std::size_t N, class F>
__attribute__((noinline)) void run_batch(const F& f, const point<T, N>* x, tinydual::gradient_result<T, tinydual::vec<T, N>>* out) {
    tinydual::batch::gradient(f, x, points_per_run, out BATCH_WIDTH_OPTION);
}

template <class T, std::size_t N, class F>
void measure(const char* workload, const F& f) {
    const std::string name = std::string(workload) + "/" + (sizeof(T) == 4 ? "float" : "double") + "/" + std::to_string(N);
    if (!wanted(name)) return;
    static point<T, N> x[points_per_run];
    static tinydual::gradient_result<T, tinydual::vec<T, N>> ref[points_per_run], out[points_per_run];
    wl::lcg r{N * 977 + sizeof(T)};
    for (auto& p : x)
        for (std::size_t i = 0; i < N; ++i) p[i] = static_cast<T>(r.next(-1.5, 1.5));
#ifndef BATCH_COUNT
    run_one<T, N>(f, x, ref);
#endif
    const auto check = [&](const char* impl) {
#ifdef BATCH_COUNT
        return (void)impl;
#endif
        for (std::size_t k = 0; k < points_per_run; ++k)
            for (std::size_t i = 0; i < N; ++i) {
                const double a = static_cast<double>(out[k].gradient[i]), b = static_cast<double>(ref[k].gradient[i]);
                if (!(std::fabs(a - b) <= 1e-4 * std::fmax(1.0, std::fabs(b)))) {
                    std::fprintf(stderr, "%s %s N=%zu: point %zu partial %zu is %g, one-point %g\n", workload, impl, N, k, i, a, b);
                    std::exit(1);
                }
            }
    };
    const std::string jet = name + "/jet", one = name + "/tinydual", batched = name + "/batch";
    record(jet, [f] { run_jet<T, N>(f, x, out); });
    check("jet");
    record(name + "/eigen", [f] { run_eigen<T, N>(f, x, out); });
    check("eigen");
    record(one, [f] { run_one<T, N>(f, x, out); });
    record(batched, [f] { run_batch<T, N>(f, x, out); });
    check("batch");
}

template <class T, std::size_t N, class F>
__attribute__((noinline)) void run_jet_hessian(const F& f, const point<T, N>* x, tinydual::hessian_result<T, tinydual::vec<T, N>, tinydual::mat<T, N, N>>* out) {
    using J = ceres::Jet<T, static_cast<int>(N)>;
    using J2 = ceres::Jet<J, static_cast<int>(N)>;
    for (std::size_t k = 0; k < points_per_run; ++k) {
        std::array<J2, N> xs;
        for (std::size_t i = 0; i < N; ++i) xs[i] = J2(J(x[k][i], static_cast<int>(i)), static_cast<int>(i));
        const J2 y = f(xs);
        out[k].value = y.a.a;
        for (std::size_t i = 0; i < N; ++i) {
            out[k].gradient[i] = y.a.v[static_cast<int>(i)];
            for (std::size_t j = 0; j < N; ++j) out[k].hessian(i, j) = y.v[static_cast<int>(i)].v[static_cast<int>(j)];
        }
    }
}
template <class T, std::size_t N, class F>
__attribute__((noinline)) void run_eigen_hessian(const F& f, const point<T, N>* x, tinydual::hessian_result<T, tinydual::vec<T, N>, tinydual::mat<T, N, N>>* out) {
    constexpr int n = static_cast<int>(N);
    using AD = Eigen::AutoDiffScalar<Eigen::Matrix<T, n, 1>>;
    using AD2 = Eigen::AutoDiffScalar<Eigen::Matrix<AD, n, 1>>;
    for (std::size_t k = 0; k < points_per_run; ++k) {
        std::array<AD2, N> xs;
        for (std::size_t i = 0; i < N; ++i) xs[i] = AD2(AD(x[k][i], n, static_cast<int>(i)), n, static_cast<int>(i));
        const AD2 y = f(xs);
        out[k].value = y.value().value();
        for (std::size_t i = 0; i < N; ++i) {
            out[k].gradient[i] = y.value().derivatives()[static_cast<int>(i)];
            for (std::size_t j = 0; j < N; ++j) out[k].hessian(i, j) = y.derivatives()[static_cast<int>(i)].derivatives()[static_cast<int>(j)];
        }
    }
}
template <class T, std::size_t N, class F>
__attribute__((noinline)) void run_one_hessian(const F& f, const point<T, N>* x, tinydual::hessian_result<T, tinydual::vec<T, N>, tinydual::mat<T, N, N>>* out) {
    for (std::size_t k = 0; k < points_per_run; ++k) out[k] = tinydual::hessian(f, x[k]);
}
template <class T, std::size_t N, class F>
__attribute__((noinline)) void run_batch_hessian(const F& f, const point<T, N>* x, tinydual::hessian_result<T, tinydual::vec<T, N>, tinydual::mat<T, N, N>>* out) {
    tinydual::batch::hessian(f, x, points_per_run, out);
}

/// The same for Hessians: Jet of Jet, one-point hessian and batch::hessian.
template <class T, std::size_t N, class F>
void measure_hessian(const char* workload, const F& f) {
    const std::string name = std::string(workload) + "/" + (sizeof(T) == 4 ? "float" : "double") + "/" + std::to_string(N);
    if (!wanted(name)) return;
    static point<T, N> x[points_per_run];
    static tinydual::hessian_result<T, tinydual::vec<T, N>, tinydual::mat<T, N, N>> ref[points_per_run], out[points_per_run];
    wl::lcg r{N * 389 + sizeof(T)};
    for (auto& p : x)
        for (std::size_t i = 0; i < N; ++i) p[i] = static_cast<T>(r.next(-1.5, 1.5));
#ifndef BATCH_COUNT
    run_one_hessian<T, N>(f, x, ref);
#endif
    const auto check = [&](const char* impl) {
#ifdef BATCH_COUNT
        return (void)impl;
#endif
        for (std::size_t k = 0; k < points_per_run; ++k)
            for (std::size_t i = 0; i < N; ++i)
                for (std::size_t j = 0; j < N; ++j) {
                    const double a = static_cast<double>(out[k].hessian(i, j)), b = static_cast<double>(ref[k].hessian(i, j));
                    if (!(std::fabs(a - b) <= 1e-4 * std::fmax(1.0, std::fabs(b)))) {
                        std::fprintf(stderr, "%s %s N=%zu: point %zu H(%zu, %zu) is %g, one-point %g\n", workload, impl, N, k, i, j, a, b);
                        std::exit(1);
                    }
                }
    };
    const std::string jet = name + "/jet", one = name + "/tinydual", batched = name + "/batch";
    record(jet, [f] { run_jet_hessian<T, N>(f, x, out); });
    check("jet");
    record(name + "/eigen", [f] { run_eigen_hessian<T, N>(f, x, out); });
    check("eigen");
    record(one, [f] { run_one_hessian<T, N>(f, x, out); });
    record(batched, [f] { run_batch_hessian<T, N>(f, x, out); });
    check("batch");
}

template <class T, std::size_t N>
void measure_all() {
    measure<T, N>("rosenbrock_gradient", rosenbrock{});
    measure<T, N>("tanh_layer_gradient", tanh_layer<T, N>{wl::make_dense<T, N>()});
    measure<T, N>("neuron_loss_gradient", neuron_loss<T, N>{wl::make_neuron<T, N>()});
    if constexpr (N <= 8) {
        measure_hessian<T, N>("rosenbrock_hessian", rosenbrock{});
        measure_hessian<T, N>("tanh_layer_hessian", tanh_layer<T, N>{wl::make_dense<T, N>()});
    }
}

}  // namespace

int main(int argc, char** argv) {
#if defined(BATCH_TIMING)
    benchmark::Initialize(&argc, argv);
#elif defined(BATCH_COUNT)
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s workload/type/N/impl runs\n", argv[0]);
        return 2;
    }
    selected = argv[1];
    selected_runs = std::atoi(argv[2]);
#else
    (void)argc;
    (void)argv;
#endif
    measure_all<double, 2>();
    measure_all<double, 4>();
    measure_all<double, 6>();
    measure_all<double, 8>();
    measure_all<double, 16>();
    measure_all<float, 2>();
    measure_all<float, 4>();
    measure_all<float, 6>();
    measure_all<float, 8>();
    measure_all<float, 16>();
    std::printf("checked: every batched gradient and Hessian equals the one-point one\n");
#ifdef BATCH_TIMING
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
#endif
}
