// expect: gradient(f, x) needs f to return a scalar
#include <tinydual/tinydual.hpp>
int main() {
    tinydual::mat<double, 2, 2> X{};
    auto r = tinydual::gradient([](const auto& A) { return A * A; }, X);
    return static_cast<int>(r.value);
}
