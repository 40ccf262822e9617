// expect: determinant(A) needs a square matrix
#include <tinydual/tinydual.hpp>
int main() {
    tinydual::mat<double, 3, 2> a{};
    return static_cast<int>(tinydual::determinant(a));
}
