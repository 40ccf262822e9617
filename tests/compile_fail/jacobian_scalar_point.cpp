// expect: for a scalar point use derivative(f, t)
#include <tinydual/tinydual.hpp>
int main() {
    auto r = tinydual::jacobian([](const auto& t) { return t * t; }, 2.0, tinydual::row_stacking);
    return static_cast<int>(r.value);
}
