// expect: give at most one stacking tag (column_stacking or row_stacking)
#include <tinydual/tinydual.hpp>
int main() {
    tinydual::mat<double, 2, 2> X{};
    auto r = tinydual::jacobian([](const auto& A) { return A; }, X, tinydual::row_stacking, tinydual::column_stacking);
    return static_cast<int>(r.jacobian(0, 0));
}
