// expect: a driver option is a layout (numerator_layout, denominator_layout), a stacking (column_stacking, row_stacking), a policy (tinydual::safe, tinydual::ieee), tinydual::chunk<C> or tinydual::batch::width<K>, and this one is none of them
#include <tinydual/tinydual.hpp>
int main() {
    tinydual::mat<double, 2, 2> X{};
    auto r = tinydual::jacobian([](const auto& A) { return A; }, X, tinydual::row_stacking, 3);
    return static_cast<int>(r.jacobian(0, 0));
}
