// expect: two dual numbers of different tags meet in one expression: different policies
#include <tinydual/tinydual.hpp>
int main() {
    const auto a = tinydual::dual<double, 2, tinydual::ieee_policy>::variable(1.0, 0);
    const auto b = tinydual::dual<double, 2>::variable(2.0, 1);
    return static_cast<int>((a * b).value());
}
