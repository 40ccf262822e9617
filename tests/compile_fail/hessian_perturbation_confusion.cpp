// expect: two dual numbers from different driver calls (perturbation confusion)
#include <tinydual/tinydual.hpp>
int main() {
    // the inner gradient is called at plain numbers while its function captures the outer x: the
    // inner dual<double, 2> would be mixed with the outer hyper_dual<double, 2> (perturbation confusion)
    auto f = [](const auto& x) {
        return tinydual::gradient([&](const auto& y) { return x[0] * y[0]; }, tinydual::vec<double, 2>{1, 2}).value;
    };
    auto r = tinydual::hessian(f, tinydual::vec<double, 2>{1, 2});
    return static_cast<int>(r.value);
}
