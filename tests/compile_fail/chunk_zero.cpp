// expect: chunk<C> needs at least one direction per pass (C >= 1)
#include <tinydual/tinydual.hpp>
int main() {
    auto r = tinydual::gradient([](const auto& x) { return x[0] * x[1]; }, tinydual::vec<double, 2>{1, 2},
                                tinydual::chunk<0>);
    return static_cast<int>(r.value);
}
