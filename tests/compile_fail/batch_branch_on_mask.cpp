// expect: a comparison of batched numbers gives one answer per point (a lane_mask), not a bool
#include <tinydual/batch.hpp>
int main() {
    auto f = [](const auto& x) {
        if (x[0] > 0.0) return x[0] * x[1];  // a branch on a batched number: select(x[0] > 0.0, ...)
        return x[1];
    };
    std::array<tinydual::vec<double, 2>, 4> points{};
    std::array<tinydual::batch::gradient_result_t<decltype(f), tinydual::vec<double, 2>>, 4> g;
    tinydual::batch::gradient(f, points, g);
    return static_cast<int>(g[0].value);
}
