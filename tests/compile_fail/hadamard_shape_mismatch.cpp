// expect: hadamard(A, B) needs A and B of the same shape
#include <tinydual/tinydual.hpp>
int main() {
    tinydual::mat<double, 2, 2> a{};
    tinydual::mat<double, 2, 3> b{};
    auto c = hadamard(a, b);
    return static_cast<int>(c(0, 0));
}
