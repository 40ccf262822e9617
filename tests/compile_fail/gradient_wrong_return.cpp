// expect: f must return the dual number type it computed with
#include <tinydual/tinydual.hpp>
int main() {
    // returns a plain float for a double point: the derivative would be lost
    auto r = tinydual::gradient([](const auto&) { return 1.0f; }, tinydual::vec<double, 2>{1, 2});
    return static_cast<int>(r.value);
}
