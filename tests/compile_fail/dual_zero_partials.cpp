// expect: dual<T, N> needs at least one partial derivative (N >= 1)
#include <tinydual/tinydual.hpp>
int main() {
    tinydual::dual<double, 0> x{};
    return static_cast<int>(x.value());
}
