// Compile-time probe (bench/run.py times this file at -O2): the N = 8 Hessian of the tanh layer
// with Eigen's nested AutoDiffScalar (an AutoDiffScalar whose derivatives are AutoDiffScalars).
#include <Eigen/Core>
#include <unsupported/Eigen/AutoDiff>

#include "../workloads.hpp"

wl::hessian_out<double, 8> tanh_layer_hessian(const wl::dense<double, 8>& p) {
    using Inner = Eigen::AutoDiffScalar<Eigen::Matrix<double, 8, 1>>;
    using Outer = Eigen::AutoDiffScalar<Eigen::Matrix<Inner, 8, 1>>;
    std::array<Outer, 8> x;
    for (int i = 0; i < 8; ++i) {
        x[static_cast<std::size_t>(i)] = Outer(Inner(p.x[static_cast<std::size_t>(i)], 8, i), 8, i);
        for (int j = 0; j < 8; ++j) x[static_cast<std::size_t>(i)].derivatives()[j].derivatives().setZero();
    }
    const Outer y = wl::tanh_layer<Inner>(x, p);
    wl::hessian_out<double, 8> o{y.value().value(), {}, {}};
    for (int i = 0; i < 8; ++i) {
        o.gradient[static_cast<std::size_t>(i)] = y.value().derivatives()[i];
        for (int j = 0; j < 8; ++j)
            o.hessian[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] = y.derivatives()[i].derivatives()[j];
    }
    return o;
}
