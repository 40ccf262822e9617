// expect: hyper_dual<T, N> needs at least one variable (N >= 1)
#include <tinydual/tinydual.hpp>
int main() {
    tinydual::hyper_dual<double, 0> h(1.0);
    return static_cast<int>(h.value());
}
