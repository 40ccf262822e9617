// expect: unvectorize<R, C>(v) needs a vector of exactly R * C elements
#include <tinydual/tinydual.hpp>
int main() {
    tinydual::vec<double, 5> v{};
    return static_cast<int>(tinydual::unvectorize<2, 3>(v)(0, 0));
}
