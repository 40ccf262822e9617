// dual.hpp: arithmetic rules against closed forms, constants on either side, compound
// assignment, comparisons on values, value semantics, and nesting dual<dual<T, M>, N>.
#include "support/testing.hpp"

#include <type_traits>

using tinydual::dual;
using tinydual::vec;

static_assert(std::is_trivially_copyable<dual<float, 4>>::value, "dual is a value type");
static_assert(std::is_trivially_copyable<dual<dual<double, 2>, 3>>::value, "nested dual too");
static_assert(std::is_same<tinydual::detail::scalar_t<dual<dual<float, 2>, 3>>, float>::value, "scalar_t");

TEST_CASE_TEMPLATE("dual: arithmetic rules for several N", T, float, double) {
    tdtest::rng r(21);
    auto check = [&](auto n_tag) {
        constexpr std::size_t N = decltype(n_tag)::value;
        using D = dual<T, N>;
        const auto ga = r.vector<T, N>(-1, 1), gb = r.vector<T, N>(-1, 1);
        const T a = T(r.uniform(0.5, 2)), b = T(r.uniform(-2, -0.5)), c = T(r.uniform(-3, 3));
        const D x(a, ga), y(b, gb);
        const T tol = 4 * tdtest::eps<T>();
        // (x + y)' = x' + y', (x - y)' = x' - y', (x y)' = x' y + x y', (x / y)' = (x' y - x y') / y^2
        const D s = x + y, d = x - y, p = x * y, q = x / y;
        CHECK(s.value() == a + b);
        CHECK(p.value() == a * b);
        CHECK(q.value() == a / b);
        for (std::size_t i = 0; i < N; ++i) {
            CHECK(s.partial(i) == ga[i] + gb[i]);
            CHECK(d.partial(i) == ga[i] - gb[i]);
            TD_CHECK_CLOSE(p.partial(i), ga[i] * b + a * gb[i], tol);
            TD_CHECK_CLOSE(q.partial(i), (ga[i] * b - a * gb[i]) / (b * b), tol);
        }
        // with a plain value on either side: the constant carries no partials
        const D s1 = x + c, s2 = c + x, d1 = x - c, d2 = c - x, p1 = x * c, p2 = c * x, q1 = x / c, q2 = c / x;
        CHECK(s1.value() == a + c);
        CHECK(d2.value() == c - a);
        CHECK(q2.value() == c / a);
        for (std::size_t i = 0; i < N; ++i) {
            CHECK(s1.partial(i) == ga[i]);
            CHECK(s2.partial(i) == ga[i]);
            CHECK(d1.partial(i) == ga[i]);
            CHECK(d2.partial(i) == -ga[i]);
            CHECK(p1.partial(i) == ga[i] * c);
            CHECK(p2.partial(i) == ga[i] * c);
            TD_CHECK_CLOSE(q1.partial(i), ga[i] / c, tol);
            TD_CHECK_CLOSE(q2.partial(i), -c * ga[i] / (a * a), tol);
        }
        // compound assignment equals the binary form
        D z = x;
        z += y;
        z *= x;
        z -= T(2);
        z /= y;
        const D expect = ((x + y) * x - T(2)) / y;
        // the same operations, inlined in different contexts: a fused multiply-add may differ
        TD_CHECK_CLOSE(z.value(), expect.value(), tol);
        for (std::size_t i = 0; i < N; ++i) TD_CHECK_CLOSE(z.partial(i), expect.partial(i), tol);
        const D n = -x;
        for (std::size_t i = 0; i < N; ++i) CHECK(n.partial(i) == -ga[i]);
    };
    check(std::integral_constant<std::size_t, 1>{});
    check(std::integral_constant<std::size_t, 2>{});
    check(std::integral_constant<std::size_t, 3>{});
    check(std::integral_constant<std::size_t, 4>{});
    check(std::integral_constant<std::size_t, 9>{});
    check(std::integral_constant<std::size_t, 16>{});
    check(std::integral_constant<std::size_t, 33>{});
}

TEST_CASE_TEMPLATE("dual: constants, variables, grad, comparisons", T, float, double) {
    using D = dual<T, 3>;
    const D c = T(2.5f);
    CHECK(c.value() == T(2.5f));
    CHECK(c.grad() == vec<T, 3>{0, 0, 0});
    const D v = D::variable(T(1), 1);
    CHECK(v.grad() == vec<T, 3>{0, 1, 0});
    const D zero{};
    CHECK(zero.value() == T(0));
    CHECK(zero.partials().is_zero());
    // comparisons look at values only, with a dual or a plain value on either side
    const D a(T(1), vec<T, 3>{5, 5, 5}), b(T(2), vec<T, 3>{-1, 0, 1});
    CHECK(a < b);
    CHECK(a <= b);
    CHECK(b > a);
    CHECK(b >= a);
    CHECK(a != b);
    CHECK(a == D(T(1)));
    CHECK(a == T(1));
    CHECK(T(1) == a);
    CHECK(a < T(1.5f));
    CHECK(T(1.5f) < b);
    CHECK(a > 0);  // integer literals work
}

TEST_CASE_TEMPLATE("dual: values, not views (auto keeps the result)", T, float, double) {
    using D = dual<T, 2>;
    const D x = D::variable(T(3), 0);
    auto y = x * x;       // a dual, not an expression referring to temporaries
    auto z = (x + T(1)) * (x - T(1));
    const D w = y + z;
    CHECK(std::is_same<decltype(y), D>::value);
    CHECK(w.value() == T(17));
    CHECK(w.partial(0) == T(12));
}

TEST_CASE_TEMPLATE("dual: nesting dual<dual<T, M>, N> gives mixed second derivatives", T, float, double) {
    // f(x, y) = x^2 y^3: f_xy = 6 x y^2, f_xx = 2 y^3, f_yy = 6 x^2 y
    using In = dual<T, 2>;
    using Out = dual<In, 2>;
    const T x0 = T(1.5f), y0 = T(-0.75f);
    const Out x(In::variable(x0, 0), tinydual::simd::partials<In, 2>::unit(0));
    const Out y(In::variable(y0, 1), tinydual::simd::partials<In, 2>::unit(1));
    const Out f = x * x * y * y * y;
    const T tol = 8 * tdtest::eps<T>();
    TD_CHECK_CLOSE(f.value().value(), x0 * x0 * y0 * y0 * y0, tol);
    // outer partial i, inner partial j = d2 f / dx_i dx_j
    TD_CHECK_CLOSE(f.partial(0).partial(0), T(2) * y0 * y0 * y0, tol);
    TD_CHECK_CLOSE(f.partial(0).partial(1), T(6) * x0 * y0 * y0, tol);
    TD_CHECK_CLOSE(f.partial(1).partial(0), T(6) * x0 * y0 * y0, tol);
    TD_CHECK_CLOSE(f.partial(1).partial(1), T(6) * x0 * x0 * y0, tol);
    // and through the math functions: d2/dx dy sin(x y) = cos(x y) - x y sin(x y)
    const Out g = sin(x * y);
    using std::cos;
    using std::sin;
    const T p = x0 * y0;
    TD_CHECK_CLOSE(g.partial(0).partial(1), cos(p) - p * sin(p), tol);
    TD_CHECK_CLOSE(g.partial(1).partial(0), cos(p) - p * sin(p), tol);
}
