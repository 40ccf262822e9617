// bench/tinydual.bench.cpp: the workloads with tinydual's drivers: gradient, jacobian and, when
// <tinydual/second_order.hpp> exists, hessian (hyper_dual). Compiled twice: with the default
// backend (xsimd where the target has SIMD) as "tinydual", and with TINYDUAL_BACKEND_PLAIN=1 as
// "tinydual_plain" into a binary of its own (two layouts of one type in one program would break
// the one-definition rule). The default build also times the drivers with tinydual::ieee
// ("tinydual_ieee": no zero-partial guard, README "Edge behaviour and policies").
#include <tinydual/tinydual.hpp>
#if __has_include(<tinydual/second_order.hpp>)
#  include <tinydual/second_order.hpp>
#  define BENCH_HAS_HESSIAN 1
#else
#  define BENCH_HAS_HESSIAN 0
#endif

#include "common.hpp"

#ifndef BENCH_TINYDUAL_NAME
#  define BENCH_TINYDUAL_NAME "tinydual"
#endif

namespace {

template <class Policy>
struct tinydual_impl {
    static constexpr const char* name =
        std::is_same<Policy, tinydual::ieee_policy>::value ? BENCH_TINYDUAL_NAME "_ieee" : BENCH_TINYDUAL_NAME;

    template <class K, class F, class T, std::size_t N>
    static auto run(F f, const std::array<T, N>& x) {
        auto g = [&f](const auto& xs) { return f(bench::tag<T>{}, xs); };
        if constexpr (std::is_same<K, bench::gradient_kind>::value)
            return tinydual::gradient(g, x, Policy{});
        else if constexpr (std::is_same<K, bench::jacobian_kind>::value)
            return tinydual::jacobian(g, x, Policy{});
        else {
#if BENCH_HAS_HESSIAN
            return tinydual::hessian(g, x, Policy{});
#endif
        }
    }

    template <class T, std::size_t N>
    static wl::gradient_out<T, N> out(const tinydual::gradient_result<T, tinydual::vec<T, N>>& r) {
        wl::gradient_out<T, N> o{r.value, {}};
        for (std::size_t i = 0; i < N; ++i) o.gradient[i] = r.gradient[i];
        return o;
    }
    template <class T, std::size_t M, std::size_t N>
    static wl::jacobian_out<T, M, N> out(const tinydual::jacobian_result<tinydual::vec<T, M>, tinydual::mat<T, M, N>>& r) {
        wl::jacobian_out<T, M, N> o{};
        for (std::size_t i = 0; i < M; ++i) {
            o.value[i] = r.value[i];
            for (std::size_t j = 0; j < N; ++j) o.jacobian[i][j] = r.jacobian(i, j);
        }
        return o;
    }
#if BENCH_HAS_HESSIAN
    template <class T, std::size_t N>
    static wl::hessian_out<T, N> out(const tinydual::hessian_result<T, tinydual::vec<T, N>, tinydual::mat<T, N, N>>& r) {
        wl::hessian_out<T, N> o{r.value, {}, {}};
        for (std::size_t i = 0; i < N; ++i) {
            o.gradient[i] = r.gradient[i];
            for (std::size_t j = 0; j < N; ++j) o.hessian[i][j] = r.hessian(i, j);
        }
        return o;
    }
#endif
};

[[maybe_unused]] const bool registered = [] {
#if TINYDUAL_BACKEND_XSIMD
    const std::string arch = std::string(" (") + xsimd::default_arch::name() + ")";
#else
    const std::string arch;
#endif
    bench::context().push_back({std::string(BENCH_TINYDUAL_NAME) + " backend", tinydual::simd::backend_name() + arch});
    bench::add_first_order<tinydual_impl<tinydual::safe_policy>>();
#if BENCH_HAS_HESSIAN
    bench::add_second_order<tinydual_impl<tinydual::safe_policy>>();
#endif
#if !TINYDUAL_BACKEND_PLAIN
    bench::add_first_order<tinydual_impl<tinydual::ieee_policy>>();
#  if BENCH_HAS_HESSIAN
    bench::add_second_order<tinydual_impl<tinydual::ieee_policy>>();
#  endif
#endif
    return true;
}();

}  // namespace
