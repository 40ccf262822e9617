// options.hpp: the options after a driver's point, in any order, for every kind of point (the
// compile-time errors for unknown and repeated options are in compile_fail/).
#include "support/testing.hpp"

#include <array>
#include <tuple>
#include <type_traits>

using tinydual::mat;
using tinydual::vec;

TEST_CASE_TEMPLATE("options: layout, stacking and policy in any order, for every kind of point", T, float, double) {
    // Y = X^T X for a 2 x 3 matrix point: every ordering of the options gives the same Jacobian
    const mat<T, 2, 3> X{{T(1), T(2), T(3)}, {T(4), T(5), T(6)}};
    const auto f = [](const auto& A) { return transpose(A) * A; };
    const auto ref = tinydual::jacobian(f, X, tinydual::row_stacking, tinydual::denominator_layout);
    const auto a = tinydual::jacobian(f, X, tinydual::denominator_layout, tinydual::row_stacking, tinydual::ieee);
    const auto b = tinydual::jacobian(f, X, tinydual::ieee, tinydual::row_stacking, tinydual::denominator_layout);
    const auto c = tinydual::jacobian(f, X, tinydual::row_stacking, tinydual::safe, tinydual::denominator_layout);
    CHECK(a.jacobian == ref.jacobian);
    CHECK(b.jacobian == ref.jacobian);
    CHECK(c.jacobian == ref.jacobian);
    // denominator layout is the transpose of numerator layout; row stacking reorders rows and columns
    const auto num = tinydual::jacobian(f, X, tinydual::row_stacking);
    CHECK(transpose(num.jacobian) == ref.jacobian);
    const auto col = tinydual::jacobian(f, X);
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j)
            for (std::size_t k = 0; k < 2; ++k)
                for (std::size_t l = 0; l < 3; ++l)  // Y(i, j) by X(k, l) in both orders
                    CHECK(col.jacobian(j * 3 + i, l * 2 + k) == num.jacobian(i * 3 + j, k * 3 + l));
    // a vec point with a matrix output takes a stacking tag too; std::array and args points a layout
    const vec<T, 2> x{T(1), T(2)};
    const auto g = [](const auto& v) { return outer(v, v); };
    const auto gc = tinydual::jacobian(g, x, tinydual::ieee, tinydual::column_stacking);
    const auto gr = tinydual::jacobian(g, x, tinydual::row_stacking, tinydual::numerator_layout);
    CHECK(gc.jacobian(1, 0) == gr.jacobian(2, 0));  // Y(1, 0) = x1 x0: d/dx0 = x1
    CHECK(gc.jacobian(1, 0) == T(2));
    const std::array<T, 2> s{T(1), T(2)};
    const auto h = [](const auto& v) { return vec<std::decay_t<decltype(v[0])>, 1>{v[0] * v[1]}; };
    CHECK(tinydual::jacobian(h, s, tinydual::denominator_layout, tinydual::ieee).jacobian(1, 0) == T(1));
    const auto ja = tinydual::jacobian([](const auto& A, const auto& v) { return A * v; }, tinydual::args(X, vec<T, 3>{T(1), T(0), T(0)}),
                                       tinydual::ieee, tinydual::row_stacking, tinydual::denominator_layout);
    // y = A v: dy_0 / dA(0, 0) = v_0 = 1 (row stacking: A(0, 0) is variable 0), dy / dv = A^T here
    CHECK(std::get<0>(ja.jacobian)(0, 0) == T(1));
    CHECK(std::get<1>(ja.jacobian) == transpose(X));
}
