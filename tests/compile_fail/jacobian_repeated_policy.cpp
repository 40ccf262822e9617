// expect: give at most one policy (tinydual::safe or tinydual::ieee)
#include <tinydual/tinydual.hpp>
int main() {
    auto r = tinydual::jacobian([](const auto& x) { return x; }, tinydual::vec<double, 2>{1, 2}, tinydual::ieee,
                                tinydual::denominator_layout, tinydual::safe);
    return static_cast<int>(r.jacobian(0, 0));
}
