// expect: the options after the point are numerator_layout or denominator_layout, and column_stacking or row_stacking
#include <tinydual/tinydual.hpp>
int main() {
    tinydual::mat<double, 2, 2> X{};
    auto r = tinydual::jacobian([](const auto& A) { return A; }, X, tinydual::row_stacking, 3);
    return static_cast<int>(r.jacobian(0, 0));
}
