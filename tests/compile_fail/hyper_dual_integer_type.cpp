// expect: hyper_dual<T, N> needs a floating-point T
#include <tinydual/tinydual.hpp>
int main() {
    tinydual::hyper_dual<int, 2> h(1);
    return h.value();
}
