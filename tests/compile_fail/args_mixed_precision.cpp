// expect: every argument of args(...) needs the same element type (all float or all double)
#include <tinydual/tinydual.hpp>
int main() {
    tinydual::mat<float, 2, 2> W{};
    tinydual::vec<double, 2> x{};
    auto r = tinydual::gradient([](const auto& A, const auto& v) { return sum(A * v); }, tinydual::args(W, x));
    return static_cast<int>(r.value);
}
