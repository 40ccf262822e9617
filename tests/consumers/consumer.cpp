// A user's program: it only includes tinydual and checks one gradient against its closed form.
#include <tinydual/tinydual.hpp>

int main() {
    // f(x, y) = x^2 y + sin(y): grad = (2xy, x^2 + cos y)
    auto r = tinydual::gradient([](const auto& v) { return v[0] * v[0] * v[1] + sin(v[1]); },
                                tinydual::vec<double, 2>{3.0, 0.0});
    const bool ok = r.value == 0.0 && r.gradient[0] == 0.0 && r.gradient[1] == 10.0;
    return ok ? 0 : 1;
}
