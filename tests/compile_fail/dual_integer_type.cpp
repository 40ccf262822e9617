// expect: dual<T, N> needs a floating-point T
#include <tinydual/tinydual.hpp>
int main() {
    tinydual::dual<int, 2> x{};
    return x.value();
}
