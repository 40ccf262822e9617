// expect: chunk<C> takes the point as tinydual::vec<T, N> or std::array<T, N>
#include <tinydual/tinydual.hpp>
int main() {
    // a matrix point is differentiated in one pass (or flattened into a vec by the caller)
    auto r = tinydual::gradient([](const auto& X) { return X(0, 0) * X(1, 1); }, tinydual::mat<double, 2, 2>{1, 2, 3, 4},
                                tinydual::chunk<2>);
    return static_cast<int>(r.value);
}
