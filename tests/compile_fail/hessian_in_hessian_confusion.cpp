// expect: two dual numbers from different driver calls (perturbation confusion)
#include <tinydual/tinydual.hpp>
int main() {
    // hessian inside hessian at the same size, the inner one at plain numbers while capturing the
    // outer x: two hyper_dual<float, 2> of different calls would be mixed.
    auto f = [](const auto& x) {
        auto inner = [&](const auto& y) { return x[0] * y[0] * y[1]; };
        return tinydual::hessian(inner, tinydual::vec<float, 2>{1, 2}).value + x[0];
    };
    auto r = tinydual::hessian(f, tinydual::vec<float, 2>{3, 5});
    return static_cast<int>(r.value);
}
