// A user's code that passes and returns tinydual's types by value (the functors written for
// Ceres do): on Arm, a floating-point aggregate with an empty base made GCC print a -Wpsabi note
// at each such function. Built by check.cmake for each cross target; no diagnostic may appear.
#include <tinydual/tinydual.hpp>

using d3 = tinydual::dual<double, 3>;
using h2 = tinydual::hyper_dual<float, 2>;

d3 residual(d3 a, d3 b) { return a * b + sin(a); }
h2 energy(h2 a) { return a * a * exp(a); }
tinydual::gradient_result<double, tinydual::vec<double, 3>> grad_at(tinydual::vec<double, 3> x) {
    return tinydual::gradient([](const auto& v) { return v[0] * v[1] + cos(v[2]); }, x);
}

int main() {
    const d3 r = residual(d3::variable(1.0, 0), d3::variable(2.0, 1));
    const h2 e = energy(h2::variable(0.5f, 0));
    const auto g = grad_at(tinydual::vec<double, 3>{1.0, 2.0, 3.0});
    return r.value() > 0.0 && e.value() > 0.0f && g.gradient[0] == 2.0 ? 0 : 1;
}
