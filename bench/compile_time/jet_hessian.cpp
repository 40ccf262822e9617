// Compile-time probe (bench/run.py times this file at -O2): the N = 8 Hessian of the tanh layer
// with Ceres' Jet of Jet, ceres::Jet<ceres::Jet<double, 8>, 8>.
#include <ceres/jet.h>

#include "../workloads.hpp"

wl::hessian_out<double, 8> tanh_layer_hessian(const wl::dense<double, 8>& p) {
    using J = ceres::Jet<double, 8>;
    using J2 = ceres::Jet<J, 8>;
    std::array<J2, 8> x;
    for (int i = 0; i < 8; ++i) x[static_cast<std::size_t>(i)] = J2(J(p.x[static_cast<std::size_t>(i)], i), i);
    const J2 y = wl::tanh_layer<J>(x, p);
    wl::hessian_out<double, 8> o{y.a.a, {}, {}};
    for (int i = 0; i < 8; ++i) {
        o.gradient[static_cast<std::size_t>(i)] = y.a.v[i];
        for (int j = 0; j < 8; ++j) o.hessian[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] = y.v[i].v[j];
    }
    return o;
}
