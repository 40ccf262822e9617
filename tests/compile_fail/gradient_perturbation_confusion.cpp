// expect: two dual numbers from different driver calls (perturbation confusion)
#include <tinydual/tinydual.hpp>
int main() {
    // gradient inside gradient, both over 2 variables of double: the inner call is made at plain
    // numbers while its function captures the outer x, so dual<double, 2> of the outer call would
    // meet dual<double, 2> of the inner one. The tags (the two lambdas' types) tell them apart.
    auto f = [](const auto& x) {
        auto inner = [&](const auto& y) { return x[0] * y[0] * y[1]; };
        return x[1] * tinydual::gradient(inner, tinydual::vec<double, 2>{1, 2}).gradient[0];
    };
    auto r = tinydual::gradient(f, tinydual::vec<double, 2>{3, 5});
    return static_cast<int>(r.value);
}
