// expect: matrix-vector product A * x needs cols(A) == size(x)
#include <tinydual/tinydual.hpp>
int main() {
    tinydual::mat<float, 2, 3> a{};
    tinydual::vec<float, 2> x{};
    auto y = a * x;
    return static_cast<int>(y[0]);
}
