// expect: this driver takes a policy (tinydual::safe or tinydual::ieee) and chunk<C>
#include <tinydual/tinydual.hpp>
int main() {
    // a layout is a jacobian option: a gradient has one shape
    auto r = tinydual::gradient([](const auto& x) { return x[0] * x[1]; }, tinydual::vec<double, 2>{1, 2},
                                tinydual::denominator_layout);
    return static_cast<int>(r.value);
}
