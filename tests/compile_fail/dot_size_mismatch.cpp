// expect: dot(u, v) needs u and v of the same size
#include <tinydual/tinydual.hpp>
int main() {
    tinydual::vec<double, 3> a{};
    tinydual::vec<double, 2> b{};
    return static_cast<int>(dot(a, b));
}
