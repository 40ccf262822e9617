// expect: kron_jacobian::apply(v) needs v of size cols() = cols(left) * cols(right)
#include <tinydual/tinydual.hpp>
int main() {
    tinydual::mat<double, 2, 3> W{};
    tinydual::vec<double, 3> x{};
    auto j = tinydual::product_jacobian(W, x);  // wrt_left is 2 x 6
    return static_cast<int>(j.wrt_left.apply(tinydual::vec<double, 5>{})[0]);
}
