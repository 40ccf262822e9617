// expect: trace(A) needs a square matrix
#include <tinydual/tinydual.hpp>
int main() {
    tinydual::mat<double, 2, 3> a{};
    return static_cast<int>(trace(a));
}
