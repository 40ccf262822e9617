// Compile-time probe (bench/run.py times this file at -O2): the N = 8 Hessian of the tanh layer
// v . tanh(W x + c) with tinydual::hessian (hyper_dual<double, 8>).
#include <tinydual/tinydual.hpp>
#include <tinydual/second_order.hpp>

#include "../workloads.hpp"

wl::hessian_out<double, 8> tanh_layer_hessian(const wl::dense<double, 8>& p) {
    const auto r = tinydual::hessian([&p](const auto& x) { return wl::tanh_layer<double>(x, p); }, p.x);
    wl::hessian_out<double, 8> o{r.value, {}, {}};
    for (std::size_t i = 0; i < 8; ++i) {
        o.gradient[i] = r.gradient[i];
        for (std::size_t j = 0; j < 8; ++j) o.hessian[i][j] = r.hessian(i, j);
    }
    return o;
}
