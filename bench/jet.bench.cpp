// bench/jet.bench.cpp: the workloads with Ceres' Jet (ceres/jet.h, header only with Eigen):
// Jet<T, N> for gradients and Jacobians, Jet<Jet<T, N>, N> for Hessians (the Ceres way to get
// second derivatives).
#include <ceres/jet.h>

#include "common.hpp"

namespace {

struct jet_impl {
    static constexpr const char* name = "jet";

    template <class K, class F, class T, std::size_t N>
    static auto run(F f, const std::array<T, N>& x) {
        using J = ceres::Jet<T, static_cast<int>(N)>;
        if constexpr (std::is_same<K, bench::hessian_kind>::value) {
            using J2 = ceres::Jet<J, static_cast<int>(N)>;
            std::array<J2, N> xs;
            for (std::size_t i = 0; i < N; ++i) xs[i] = J2(J(x[i], static_cast<int>(i)), static_cast<int>(i));
            return f(bench::tag<J>{}, xs);
        } else {
            std::array<J, N> xs;
            for (std::size_t i = 0; i < N; ++i) xs[i] = J(x[i], static_cast<int>(i));
            return f(bench::tag<T>{}, xs);
        }
    }

    template <class T, int N>
    static wl::gradient_out<T, N> out(const ceres::Jet<T, N>& y) {
        wl::gradient_out<T, N> o{y.a, {}};
        for (int i = 0; i < N; ++i) o.gradient[static_cast<std::size_t>(i)] = y.v[i];
        return o;
    }
    template <class T, int N, std::size_t M>
    static wl::jacobian_out<T, M, N> out(const std::array<ceres::Jet<T, N>, M>& y) {
        wl::jacobian_out<T, M, N> o{};
        for (std::size_t i = 0; i < M; ++i) {
            o.value[i] = y[i].a;
            for (int j = 0; j < N; ++j) o.jacobian[i][static_cast<std::size_t>(j)] = y[i].v[j];
        }
        return o;
    }
    template <class T, int N>
    static wl::hessian_out<T, N> out(const ceres::Jet<ceres::Jet<T, N>, N>& y) {
        wl::hessian_out<T, N> o{y.a.a, {}, {}};
        for (int i = 0; i < N; ++i) {
            o.gradient[static_cast<std::size_t>(i)] = y.a.v[i];
            for (int j = 0; j < N; ++j) o.hessian[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] = y.v[i].v[j];
        }
        return o;
    }
};

[[maybe_unused]] const bool registered = [] {
    bench::add_first_order<jet_impl>();
    bench::add_second_order<jet_impl, 16>();
    return true;
}();

}  // namespace
