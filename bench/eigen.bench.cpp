// bench/eigen.bench.cpp: the workloads with Eigen's AutoDiffScalar<Matrix<T, N, 1>> (fixed-size
// derivatives) for gradients and Jacobians, and the nested AutoDiffScalar (derivatives that are
// AutoDiffScalars themselves) for Hessians.
#include <Eigen/Core>
#include <unsupported/Eigen/AutoDiff>

#include "common.hpp"

namespace {

struct eigen_impl {
    static constexpr const char* name = "eigen";

    template <class K, class F, class T, std::size_t N>
    static auto run(F f, const std::array<T, N>& x) {
        constexpr int n = static_cast<int>(N);
        using AD = Eigen::AutoDiffScalar<Eigen::Matrix<T, n, 1>>;
        if constexpr (std::is_same<K, bench::hessian_kind>::value) {
            using AD2 = Eigen::AutoDiffScalar<Eigen::Matrix<AD, n, 1>>;
            std::array<AD2, N> xs;
            for (std::size_t i = 0; i < N; ++i) xs[i] = AD2(AD(x[i], n, static_cast<int>(i)), n, static_cast<int>(i));
            return f(bench::tag<AD>{}, xs);
        } else {
            std::array<AD, N> xs;
            for (std::size_t i = 0; i < N; ++i) xs[i] = AD(x[i], n, static_cast<int>(i));
            return f(bench::tag<T>{}, xs);
        }
    }

    template <class T, int N>
    static wl::gradient_out<T, N> out(const Eigen::AutoDiffScalar<Eigen::Matrix<T, N, 1>>& y) {
        wl::gradient_out<T, N> o{y.value(), {}};
        for (int i = 0; i < N; ++i) o.gradient[static_cast<std::size_t>(i)] = y.derivatives()[i];
        return o;
    }
    template <class T, int N, std::size_t M>
    static wl::jacobian_out<T, M, N> out(const std::array<Eigen::AutoDiffScalar<Eigen::Matrix<T, N, 1>>, M>& y) {
        wl::jacobian_out<T, M, N> o{};
        for (std::size_t i = 0; i < M; ++i) {
            o.value[i] = y[i].value();
            for (int j = 0; j < N; ++j) o.jacobian[i][static_cast<std::size_t>(j)] = y[i].derivatives()[j];
        }
        return o;
    }
    template <class T, int N>
    static wl::hessian_out<T, N> out(
        const Eigen::AutoDiffScalar<Eigen::Matrix<Eigen::AutoDiffScalar<Eigen::Matrix<T, N, 1>>, N, 1>>& y) {
        wl::hessian_out<T, N> o{y.value().value(), {}, {}};
        for (int i = 0; i < N; ++i) {
            o.gradient[static_cast<std::size_t>(i)] = y.value().derivatives()[i];
            for (int j = 0; j < N; ++j)
                o.hessian[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] = y.derivatives()[i].derivatives()[j];
        }
        return o;
    }
};

[[maybe_unused]] const bool registered = [] {
    bench::add_first_order<eigen_impl>();
    bench::add_second_order<eigen_impl, 16>();
    return true;
}();

}  // namespace
