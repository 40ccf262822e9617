// expect: product_jacobian(L, R) needs cols(L) == rows(R)
#include <tinydual/tinydual.hpp>
int main() {
    tinydual::mat<double, 2, 3> W{};
    tinydual::vec<double, 2> x{};
    auto j = tinydual::product_jacobian(W, x);
    return static_cast<int>(j.wrt_right.dense()(0, 0));
}
