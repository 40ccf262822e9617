// expect: inverse(A) needs a square matrix
#include <tinydual/tinydual.hpp>
int main() {
    tinydual::mat<double, 2, 3> a{};
    return tinydual::inverse(a) ? 1 : 0;
}
