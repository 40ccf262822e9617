// expect: derivative(f, t) calls f with a dual
#include <tinydual/tinydual.hpp>
int main() {
    // f only accepts a vector: derivative is for scalar points (use jacobian for vectors)
    auto f = [](const tinydual::vec<double, 2>& x) { return x[0]; };
    auto r = tinydual::derivative(f, 1.0);
    return static_cast<int>(r.value);
}
