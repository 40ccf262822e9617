// expect: this driver takes its point as tinydual::vec<T, N> or std::array<T, N>
#include <tinydual/tinydual.hpp>
int main() {
    auto r = tinydual::gradient([](const auto& x) { return x; }, 3.0);
    return static_cast<int>(r.value);
}
