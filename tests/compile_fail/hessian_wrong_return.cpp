// expect: f must return the number type it was called with
#include <tinydual/tinydual.hpp>
int main() {
    // returns a float for a double point: the derivatives would be lost
    auto r = tinydual::hessian([](const auto&) { return 1.0f; }, tinydual::vec<double, 2>{1, 2});
    return static_cast<int>(r.value);
}
