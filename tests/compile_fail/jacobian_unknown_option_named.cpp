// expect: check_option<int>
#include <tinydual/tinydual.hpp>
int main() {
    // the compiler's message names the option that is none: int
    auto r = tinydual::jacobian([](const auto& x) { return x; }, tinydual::vec<double, 2>{1, 2}, tinydual::ieee, 3);
    return static_cast<int>(r.jacobian(0, 0));
}
