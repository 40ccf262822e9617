// expect: element-wise addition needs two vectors of the same size
#include <tinydual/tinydual.hpp>
int main() {
    tinydual::vec<double, 3> a{};
    tinydual::vec<double, 4> b{};
    auto c = a + b;
    return static_cast<int>(c[0]);
}
