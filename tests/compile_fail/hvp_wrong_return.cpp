// expect: f must return the number type it was called with
#include <tinydual/tinydual.hpp>
int main() {
    // returns a first-order dual built from the point's values: not the number type hvp gave f
    auto Hv = tinydual::hvp([](const auto& x) { return tinydual::dual<double, 2>(x[0].value().value()); },
                            tinydual::vec<double, 2>{1, 2}, {1, 0});
    return static_cast<int>(Hv[0]);
}
