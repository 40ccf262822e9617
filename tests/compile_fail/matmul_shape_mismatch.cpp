// expect: matrix product A * B needs cols(A) == rows(B)
#include <tinydual/tinydual.hpp>
int main() {
    tinydual::mat<float, 2, 3> a{};
    tinydual::mat<float, 2, 3> b{};
    auto c = a * b;
    return static_cast<int>(c(0, 0));
}
