// expect: chunk<C> is an option of gradient, jacobian and hessian only
#include <tinydual/tinydual.hpp>
int main() {
    // hvp is O(N) per operation already: its stack use does not grow with N^2
    auto Hv = tinydual::hvp([](const auto& x) { return x[0] * x[0] * x[1]; }, tinydual::vec<double, 2>{1, 2},
                            tinydual::vec<double, 2>{1, 0}, tinydual::chunk<1>);
    return static_cast<int>(Hv[0]);
}
