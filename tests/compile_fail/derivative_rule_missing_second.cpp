// expect: a hyper_dual needs the second derivative: give it as with_derivative(f, df, d2f)
#include <tinydual/derivative_rule.hpp>
#include <tinydual/hyper_dual.hpp>
int main() {
    // a rule with f and f' only, used with a second-order number: f'' is unknown
    const auto square = tinydual::with_derivative([](double x) { return x * x; }, [](double x) { return 2 * x; });
    const auto y = square(tinydual::hyper_dual<double, 1>::variable(3.0, 0));
    return static_cast<int>(y.value());
}
