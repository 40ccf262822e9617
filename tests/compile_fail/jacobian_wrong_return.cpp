// expect: f must return the dual number type it computed with
#include <tinydual/tinydual.hpp>
int main() {
    // a vec of plain floats: the partials were dropped inside f
    auto r = tinydual::jacobian([](const auto& x) { return tinydual::vec<float, 2>{1.0f, 2.0f} + 0.0f * x[0].value(); },
                                tinydual::vec<float, 2>{1, 2});
    return static_cast<int>(r.value[0]);
}
