// expect: hessian, hvp and second_directional need f to return a scalar
#include <tinydual/tinydual.hpp>
int main() {
    auto r = tinydual::hessian([](const auto& x) { return x; }, tinydual::vec<double, 2>{1, 2});
    return static_cast<int>(r.value);
}
