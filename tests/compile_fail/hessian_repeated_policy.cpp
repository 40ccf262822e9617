// expect: give at most one policy (tinydual::safe or tinydual::ieee)
#include <tinydual/tinydual.hpp>
int main() {
    auto r = tinydual::hessian([](const auto& x) { return x[0] * x[1]; }, tinydual::vec<double, 2>{1, 2},
                               tinydual::ieee, tinydual::ieee);
    return static_cast<int>(r.value);
}
