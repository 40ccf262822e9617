// derivatives.hpp: the drivers' result types and members, the kinds of f they accept, one call of
// f per driver call (one forward pass for all directions), layouts, and nesting.
#include "support/testing.hpp"

#include <array>
#include <type_traits>

using tinydual::dual;
using tinydual::mat;
using tinydual::vec;

namespace {
struct rosenbrock_functor {
    template <class X>
    auto operator()(const X& x) const {
        auto s = x[0] * 0.0;
        for (std::size_t i = 0; i + 1 < x.size(); ++i) {
            const auto a = x[i + 1] - x[i] * x[i];
            const auto b = 1.0 - x[i];
            s = s + 100.0 * a * a + b * b;
        }
        return s;
    }
};
template <class X>
auto quadratic(const X& x) {
    return x[0] * x[0] + 3.0 * x[0] * x[1];
}
}  // namespace

TEST_CASE_TEMPLATE("gradient: vec and std::array inputs, structured bindings, exact results", T, float, double) {
    auto f = [](const auto& x) { return x[0] * x[1] * x[1] + exp(x[2]); };
    const auto [value, grad] = tinydual::gradient(f, vec<T, 3>{2, 3, 0});
    static_assert(std::is_same<std::decay_t<decltype(value)>, T>::value, "value is T");
    static_assert(std::is_same<std::decay_t<decltype(grad)>, vec<T, 3>>::value, "gradient is vec<T, N>");
    CHECK(value == T(19));
    CHECK(grad == vec<T, 3>{9, 12, 1});
    const auto r = tinydual::gradient(f, std::array<T, 3>{2, 3, 0});
    CHECK(r.value == T(19));
    CHECK(r.gradient == vec<T, 3>{9, 12, 1});
}

TEST_CASE("gradient: f as a function object and as a function template instance") {
    const auto r1 = tinydual::gradient(rosenbrock_functor{}, vec<double, 4>{1, 1, 1, 1});
    CHECK(r1.value == 0.0);
    CHECK(r1.gradient == vec<double, 4>{0, 0, 0, 0});
    const auto r2 = tinydual::gradient(rosenbrock_functor{}, vec<double, 2>{-1, 2});
    // d/dx0 = -400 x0 (x1 - x0^2) - 2 (1 - x0), d/dx1 = 200 (x1 - x0^2)
    CHECK(r2.gradient == vec<double, 2>{400 * 1 - 4, 200});
    using X = vec<double, 2>;
    const auto r3 = tinydual::gradient(quadratic<tinydual::gradient_input_t<X>>, X{1, 2});
    CHECK(r3.value == 7.0);
    CHECK(r3.gradient == vec<double, 2>{8, 3});
    // a function that ignores its input: zero gradient
    const auto r4 = tinydual::gradient([](const auto&) { return 5.0; }, X{1, 2});
    CHECK(r4.value == 5.0);
    CHECK(r4.gradient == vec<double, 2>{0, 0});
}

TEST_CASE_TEMPLATE("drivers: one call of f for all N directions", T, float, double) {
    int calls = 0;
    auto f = [&calls](const auto& x) {
        ++calls;
        return dot(x, x);
    };
    const auto x = tdtest::rng(1).vector<T, 64>(-1, 1);
    const auto r = tinydual::gradient(f, x);
    CHECK(calls == 1);
    for (std::size_t i = 0; i < 64; ++i) CHECK(r.gradient[i] == T(2) * x[i]);
    calls = 0;
    const auto j = tinydual::jacobian([&calls](const auto& v) { ++calls; return v * v; }, x);
    CHECK(calls == 1);
    for (std::size_t i = 0; i < 64; ++i)
        for (std::size_t k = 0; k < 64; ++k) CHECK(j.jacobian(i, k) == (i == k ? T(2) * x[i] : T(0)));
}

TEST_CASE_TEMPLATE("jacobian: numerator and denominator layouts, vec and std::array", T, float, double) {
    // y = (x0 x1, x0 + x2, sin x1, 2 x2): 4 outputs, 3 inputs
    auto f = [](const auto& x) {
        using D = std::decay_t<decltype(x[0])>;
        return vec<D, 4>{x[0] * x[1], x[0] + x[2], sin(x[1]), T(2) * x[2]};
    };
    const vec<T, 3> x{2, 1, -1};
    const auto [y, J] = tinydual::jacobian(f, x);
    static_assert(std::is_same<std::decay_t<decltype(J)>, mat<T, 4, 3>>::value, "numerator: M x N");
    static_assert(std::is_same<std::decay_t<decltype(y)>, vec<T, 4>>::value, "value: vec<T, M>");
    const mat<T, 4, 3> expected{{1, 2, 0}, {1, 0, 1}, {0, std::cos(T(1)), 0}, {0, 0, 2}};
    // sin/cos: the compiler may fold std::sin(T(1)) at compile time (correctly rounded) while
    // the library calls the C library at run time (picolibc's sinf is within an ulp)
    tdtest::check_close(J, expected, 2 * tdtest::eps<T>());
    TD_CHECK_CLOSE(y[2], std::sin(T(1)), 2 * tdtest::eps<T>());
    const auto den = tinydual::jacobian(f, x, tinydual::denominator_layout);
    static_assert(std::is_same<std::decay_t<decltype(den.jacobian)>, mat<T, 3, 4>>::value, "denominator: N x M");
    tdtest::check_close(den.jacobian, transpose(expected), 2 * tdtest::eps<T>());
    const auto num = tinydual::jacobian(f, x, tinydual::numerator_layout);
    tdtest::check_close(num.jacobian, expected, 2 * tdtest::eps<T>());
    // std::array in, std::array out
    auto g = [](const auto& v) {
        using D = std::decay_t<decltype(v[0])>;
        return std::array<D, 2>{v[0] * v[1], v[1]};
    };
    const auto ja = tinydual::jacobian(g, std::array<T, 2>{3, 4});
    CHECK(ja.jacobian == mat<T, 2, 2>{{4, 3}, {0, 1}});
    CHECK(ja.value == vec<T, 2>{12, 4});
}

TEST_CASE_TEMPLATE("derivative: scalar, vector and matrix outputs", T, float, double) {
    const auto s = tinydual::derivative([](auto t) { return t * t * t; }, T(2));
    CHECK(s.value == T(8));
    CHECK(s.derivative == T(12));
    const auto v = tinydual::derivative([](auto t) { return vec<decltype(t), 2>{t, t * t}; }, T(3));
    CHECK(v.derivative == vec<T, 2>{1, 6});
    const auto m = tinydual::derivative(
        [](auto t) { return mat<decltype(t), 2, 3>{{t, T(2) * t, t * t}, {T(1), -t, T(0)}}; }, T(5));
    CHECK(m.derivative == mat<T, 2, 3>{{1, 2, 10}, {0, -1, 0}});
    CHECK(m.value(0, 2) == T(25));
}

TEST_CASE_TEMPLATE("nesting: a driver inside a function being differentiated", T, float, double) {
    // g(x) = d/dx0 f(x) with f = x0^3 x1^2: g = 3 x0^2 x1^2, grad g = (6 x0 x1^2, 6 x0^2 x1)
    auto g = [](const auto& x) {
        return tinydual::gradient([](const auto& z) { return z[0] * z[0] * z[0] * z[1] * z[1]; }, x).gradient[0];
    };
    const auto r = tinydual::gradient(g, vec<T, 2>{2, 3});
    CHECK(r.value == T(108));
    CHECK(r.gradient == vec<T, 2>{T(108), T(72)});
    // d/dx [ d/dy (x y) ] = 1: the outer x enters the inner level as a constant
    auto outer = [](const auto& x) {
        return tinydual::derivative([&](const auto& y) { return x[0] * y; }, x[0] * 0.0 + 5.0).derivative;
    };
    const auto o = tinydual::gradient(outer, vec<T, 1>{T(7)});
    CHECK(o.value == T(7));
    CHECK(o.gradient[0] == T(1));
}

// chunk<C>: f in passes of C directions gives the one-pass results, for every C (dividing N or
// not, 1 and N - 1 included), vec and std::array points, every output shape and layout, both
// policies. Equal within a few ulps: a direction may sit in a SIMD lane in one pass and in the
// scalar tail of another, where a multiply-add is fused on one side only.
TEST_CASE_TEMPLATE("gradient and jacobian with chunk<C> equal the one-pass drivers", T, float, double) {
    const T tol = 16 * tdtest::eps<T>();
    auto f = [](const auto& x) {
        using std::sin;
        auto s = x[0] * x[1];
        for (std::size_t i = 1; i < 7; ++i) s = s * sin(x[i]) + x[i] * x[i - 1];
        return s;
    };
    auto g = [](const auto& x) {
        using S = std::decay_t<decltype(x[0])>;
        return mat<S, 2, 2>{x[0] * x[6], x[1] - x[5], exp(x[2]) * x[3], x[4] / (x[0] + T(3))};
    };
    const vec<T, 7> x{T(0.3f), T(-0.2f), T(0.5f), T(0.1f), T(0.7f), T(-0.4f), T(0.25f)};
    const std::array<T, 7> xa{x[0], x[1], x[2], x[3], x[4], x[5], x[6]};
    const auto g1 = tinydual::gradient(f, x);
    const auto j1 = tinydual::jacobian(g, x, tinydual::row_stacking);
    const auto jd = tinydual::jacobian(g, x, tinydual::denominator_layout);
    const auto check = [&](auto c) {
        constexpr auto C = decltype(c)::size;
        const auto gc = tinydual::gradient(f, x, c);
        static_assert(std::is_same<decltype(gc), decltype(g1)>::value, "the one-pass result type");
        TD_CHECK_CLOSE(gc.value, g1.value, tol);
        tdtest::check_close(gc.gradient, g1.gradient, tol);
        tdtest::check_close(tinydual::gradient(f, xa, tinydual::ieee, c).gradient, g1.gradient, tol);
        const auto jc = tinydual::jacobian(g, x, c, tinydual::row_stacking);
        static_assert(std::is_same<decltype(jc), decltype(j1)>::value, "the one-pass result type");
        tdtest::check_close(jc.value, j1.value, tol);
        tdtest::check_close(jc.jacobian, j1.jacobian, tol);
        tdtest::check_close(tinydual::jacobian(g, xa, tinydual::denominator_layout, c).jacobian, jd.jacobian, tol);
        CHECK(C >= 1);
    };
    check(tinydual::chunk<1>);
    check(tinydual::chunk<2>);
    check(tinydual::chunk<3>);
    check(tinydual::chunk<4>);
    check(tinydual::chunk<6>);
    check(tinydual::chunk<7>);   // N: one pass
    check(tinydual::chunk<16>);  // more than N: one pass
    // the safe policy's rule holds per pass: sqrt'(0) = inf meets only the pass that seeds x0
    auto h = [](const auto& p) { return sqrt(p[0]) * p[1] + p[2]; };
    const vec<T, 3> z{T(0), T(2), T(1)};
    const auto s1 = tinydual::gradient(h, z), sc = tinydual::gradient(h, z, tinydual::chunk<1>);
    CHECK(std::isinf(sc.gradient[0]));
    CHECK(sc.gradient[1] == s1.gradient[1]);
    CHECK(sc.gradient[1] == T(0));
    CHECK(sc.gradient[2] == T(1));
}

// A chunked gradient in 49 variables (a 4-8-1 network's parameter count) within a small stack:
// this test also runs on the micro:bit (4 KiB of stack), where the one-pass point alone,
// 49 dual<float, 49>, would take 9.8 KB. Closed form: f = sum_i w_i p_i^2 + (sum_i p_i)^2 / 2,
// df/dp_i = 2 w_i p_i + sum_j p_j.
TEST_CASE("gradient with chunk<4> at N = 49 (float) against its closed form") {
    constexpr std::size_t N = 49;
    vec<float, N> p{};
    float total = 0.0f;
    for (std::size_t i = 0; i < N; ++i) {
        p[i] = 0.05f * static_cast<float>(i % 7) - 0.1f;
        total += p[i];
    }
    const auto f = [](const auto& q) {
        auto s = q[0] * 0.0f, t = q[0] * 0.0f;
        for (std::size_t i = 0; i < N; ++i) {
            s += (0.5f + 0.01f * static_cast<float>(i)) * q[i] * q[i];
            t += q[i];
        }
        return s + t * t / 2.0f;
    };
    const auto g = tinydual::gradient(f, p, tinydual::chunk<4>);
    for (std::size_t i = 0; i < N; ++i)
        TD_CHECK_CLOSE(g.gradient[i], 2.0f * (0.5f + 0.01f * static_cast<float>(i)) * p[i] + total, 8 * tdtest::eps<float>());
}
