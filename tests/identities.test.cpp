// The reference cases of docs/identities.md computed with the drivers and compared with
// their closed forms at random and edge points: S1-S5, E1-E5, E8, E9, W1-W8, C1-C12, L1, L8, N1,
// N2 (P1, P2 are in linalg.test.cpp; the matrix cases S6, S7, E6, E7, L2-L7, T and H have their own
// files). Where the notes have a slip, the test pins the corrected value.
#include "support/testing.hpp"

#include <cmath>
#include <type_traits>

using tinydual::mat;
using tinydual::vec;

namespace {
template <class T>
T tol() {
    return 16 * tdtest::eps<T>();
}
// random points plus edge points (zero, negative, large-ish)
template <class T>
vec<T, 8> scalar_points() {
    tdtest::rng r(101);
    vec<T, 8> p{};
    for (std::size_t i = 0; i < 5; ++i) p[i] = T(r.uniform(-3, 3));
    p[5] = T(0);
    p[6] = T(-1);
    p[7] = T(10);
    return p;
}
}  // namespace

TEST_CASE_TEMPLATE("S1-S5: result shapes of the drivers", T, float, double) {
    using std::is_same;
    // S1: scalar of scalar
    const auto s1 = tinydual::derivative([](auto x) { return T(2) * x; }, T(1));
    static_assert(is_same<std::decay_t<decltype(s1.derivative)>, T>::value, "S1: scalar");
    // S2: vector of scalar: m x 1 numerator, 1 x m denominator
    auto f2 = [](const auto& x) { return vec<std::decay_t<decltype(x[0])>, 3>{x[0], T(2) * x[0], x[0] * x[0]}; };
    const auto s2n = tinydual::jacobian(f2, vec<T, 1>{T(1)});
    const auto s2d = tinydual::jacobian(f2, vec<T, 1>{T(1)}, tinydual::denominator_layout);
    static_assert(is_same<std::decay_t<decltype(s2n.jacobian)>, mat<T, 3, 1>>::value, "S2 numerator: column");
    static_assert(is_same<std::decay_t<decltype(s2d.jacobian)>, mat<T, 1, 3>>::value, "S2 denominator: row");
    CHECK(s2n.jacobian == mat<T, 3, 1>{{1}, {2}, {2}});
    // S3: matrix of scalar: m x n numerator; n x m denominator (dY^T/dx)
    const auto s3 = tinydual::derivative([](auto x) { return mat<decltype(x), 2, 3>{{x, x, x}, {x, x, T(3) * x}}; }, T(1));
    static_assert(is_same<std::decay_t<decltype(s3.derivative)>, mat<T, 2, 3>>::value, "S3: shaped like Y");
    CHECK(transpose(s3.derivative)(2, 1) == T(3));
    // S4: scalar of vector: numerator 1 x n row, denominator n x 1 column; gradient as a vec
    auto f4 = [](const auto& x) { return x[0] * x[1] + x[2]; };
    const auto s4 = tinydual::gradient(f4, vec<T, 3>{1, 2, 3});
    const auto s4n = tinydual::jacobian(f4, vec<T, 3>{1, 2, 3});
    const auto s4d = tinydual::jacobian(f4, vec<T, 3>{1, 2, 3}, tinydual::denominator_layout);
    static_assert(is_same<std::decay_t<decltype(s4n.jacobian)>, mat<T, 1, 3>>::value, "S4 numerator: row");
    static_assert(is_same<std::decay_t<decltype(s4d.jacobian)>, mat<T, 3, 1>>::value, "S4 denominator: column");
    CHECK(s4.gradient == vec<T, 3>{2, 1, 1});
    CHECK(s4n.jacobian.row(0) == s4.gradient);
    CHECK(s4d.jacobian.col(0) == s4.gradient);
    // S5: vector of vector: m x n numerator, n x m denominator
    auto f5 = [](const auto& x) { return vec<std::decay_t<decltype(x[0])>, 2>{x[0] * x[1], x[1] * x[2]}; };
    const auto s5n = tinydual::jacobian(f5, vec<T, 3>{1, 2, 3});
    const auto s5d = tinydual::jacobian(f5, vec<T, 3>{1, 2, 3}, tinydual::denominator_layout);
    static_assert(is_same<std::decay_t<decltype(s5n.jacobian)>, mat<T, 2, 3>>::value, "S5 numerator");
    static_assert(is_same<std::decay_t<decltype(s5d.jacobian)>, mat<T, 3, 2>>::value, "S5 denominator");
    CHECK(s5n.jacobian == mat<T, 2, 3>{{2, 1, 0}, {0, 3, 2}});
    CHECK(s5d.jacobian == transpose(s5n.jacobian));
}

TEST_CASE_TEMPLATE("E1-E3: derivatives of scalar-, vector- and matrix-valued functions", T, float, double) {
    const auto pts = scalar_points<T>();
    for (T x : pts) {
        INFO("x = " << x);
        // E1: y = 2x, dy/dx = 2
        CHECK(tinydual::derivative([](auto t) { return T(2) * t; }, x).derivative == T(2));
        // E2: y = [x, cos x, 2 x^2], dy/dx = [1, -sin x, 4x]
        const auto e2 = tinydual::derivative([](auto t) { return vec<decltype(t), 3>{t, cos(t), T(2) * t * t}; }, x);
        CHECK(e2.derivative[0] == T(1));
        TD_CHECK_CLOSE(e2.derivative[1], -std::sin(x), tol<T>());
        TD_CHECK_CLOSE(e2.derivative[2], T(4) * x, tol<T>());
        // E3: Y = [[x^2 + 1, cos x], [sin x, x - 1]], dY/dx = [[2x, -sin x], [cos x, 1]]
        const auto e3 = tinydual::derivative(
            [](auto t) { return mat<decltype(t), 2, 2>{{t * t + T(1), cos(t)}, {sin(t), t - T(1)}}; }, x);
        TD_CHECK_CLOSE(e3.derivative(0, 0), T(2) * x, tol<T>());
        TD_CHECK_CLOSE(e3.derivative(0, 1), -std::sin(x), tol<T>());
        TD_CHECK_CLOSE(e3.derivative(1, 0), std::cos(x), tol<T>());
        CHECK(e3.derivative(1, 1) == T(1));
    }
}

TEST_CASE_TEMPLATE("E4, E5, E8, E9: gradients and Jacobians of several variables", T, float, double) {
    tdtest::rng r(202);
    for (int k = 0; k < 8; ++k) {
        auto p = r.vector<T, 3>(-1.5, 1.5);
        if (k == 0) p = vec<T, 3>{0, 0, 0};  // edge: the origin
        if (k == 1) p = vec<T, 3>{1, -1, 0};
        const T x = p[0], y = p[1], z = p[2];
        INFO("point " << x << ", " << y << ", " << z);
        // E4: y = xyz, gradient [yz, xz, xy] (the notes print (yz)(xz)(yz): a slip)
        const auto e4 = tinydual::gradient([](const auto& v) { return v[0] * v[1] * v[2]; }, p);
        tdtest::check_close(e4.gradient, vec<T, 3>{y * z, x * z, x * y}, tol<T>());
        // E5: [e^{xyz}, x^2 z, yz]
        auto f5 = [](const auto& v) {
            using D = std::decay_t<decltype(v[0])>;
            return vec<D, 3>{exp(v[0] * v[1] * v[2]), v[0] * v[0] * v[2], v[1] * v[2]};
        };
        const auto e5 = tinydual::jacobian(f5, p);
        const T e = std::exp(x * y * z);
        const mat<T, 3, 3> J5{{y * z * e, x * z * e, x * y * e}, {T(2) * x * z, T(0), x * x}, {T(0), z, y}};
        tdtest::check_close(e5.jacobian, J5, tol<T>());
        // E8: y = sum w_i x_i, gradient w
        const auto w = r.vector<T, 3>(-2, 2);
        const auto e8 = tinydual::gradient([&w](const auto& v) { return dot(w, v); }, p);
        tdtest::check_close(e8.gradient, w, tol<T>());
        // E9: g = 2x + y^2 (grad [2, 2y]; the notes print 8y^2: a slip), f = 3x^2 y
        const vec<T, 2> q{x, y};
        const auto g = tinydual::gradient([](const auto& v) { return T(2) * v[0] + v[1] * v[1]; }, q);
        tdtest::check_close(g.gradient, vec<T, 2>{T(2), T(2) * y}, tol<T>());
        const auto f = tinydual::gradient([](const auto& v) { return T(3) * v[0] * v[0] * v[1]; }, q);
        tdtest::check_close(f.gradient, vec<T, 2>{T(6) * x * y, T(3) * x * x}, tol<T>());
        const auto fg = tinydual::jacobian(
            [](const auto& v) {
                using D = std::decay_t<decltype(v[0])>;
                return vec<D, 2>{T(3) * v[0] * v[0] * v[1], T(2) * v[0] + v[1] * v[1]};
            },
            q);
        tdtest::check_close(fg.jacobian, mat<T, 2, 2>{{T(6) * x * y, T(3) * x * x}, {T(2), T(2) * y}}, tol<T>());
    }
}

TEST_CASE_TEMPLATE("W1-W8: element-wise and scalar-expansion Jacobians", T, float, double) {
    constexpr std::size_t n = 4;
    tdtest::rng r(303);
    for (int k = 0; k < 4; ++k) {
        const auto w = r.vector<T, n>(-2, 2);
        auto x = r.vector<T, n>(0.5, 2);
        if (k == 0) x[1] = -x[1];  // a negative divisor
        const T z = T(r.uniform(-2, 2));
        const auto I = tinydual::identity<T, n>();
        // pack (w, x) into one input of size 2n and split the Jacobian into the two blocks
        vec<T, 2 * n> wx{};
        for (std::size_t i = 0; i < n; ++i) {
            wx[i] = w[i];
            wx[n + i] = x[i];
        }
        auto blocks = [&](auto op) {
            const auto J = tinydual::jacobian(
                [&](const auto& v) {
                    using D = std::decay_t<decltype(v[0])>;
                    vec<D, n> a{}, b{};
                    for (std::size_t i = 0; i < n; ++i) {
                        a[i] = v[i];
                        b[i] = v[n + i];
                    }
                    return op(a, b);
                },
                wx).jacobian;
            mat<T, n, n> dw{}, dx{};
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = 0; j < n; ++j) {
                    dw(i, j) = J(i, j);
                    dx(i, j) = J(i, n + j);
                }
            return std::pair<mat<T, n, n>, mat<T, n, n>>{dw, dx};
        };
        const auto w1 = blocks([](const auto& a, const auto& b) { return a + b; });
        CHECK(w1.first == I);
        CHECK(w1.second == I);
        const auto w2 = blocks([](const auto& a, const auto& b) { return a - b; });
        CHECK(w2.first == I);
        CHECK(w2.second == -I);
        const auto w3 = blocks([](const auto& a, const auto& b) { return a * b; });
        CHECK(w3.first == tinydual::diag(x));
        CHECK(w3.second == tinydual::diag(w));
        const auto w4 = blocks([](const auto& a, const auto& b) { return a / b; });
        vec<T, n> inv{}, dq{};
        for (std::size_t i = 0; i < n; ++i) {
            inv[i] = T(1) / x[i];
            dq[i] = -w[i] / (x[i] * x[i]);
        }
        tdtest::check_close(w4.first, tinydual::diag(inv), tol<T>());
        tdtest::check_close(w4.second, tinydual::diag(dq), tol<T>());
        // W5, W6: x + z and x z with z scalar, wrt (x, z)
        vec<T, n + 1> xz{};
        for (std::size_t i = 0; i < n; ++i) xz[i] = x[i];
        xz[n] = z;
        auto split = [](const auto& v) {
            using D = std::decay_t<decltype(v[0])>;
            vec<D, n> a{};
            for (std::size_t i = 0; i < n; ++i) a[i] = v[i];
            return a;
        };
        const auto J5 = tinydual::jacobian([&](const auto& v) { return split(v) + v[n]; }, xz).jacobian;
        const auto J6 = tinydual::jacobian([&](const auto& v) { return split(v) * v[n]; }, xz).jacobian;
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t j = 0; j < n; ++j) {
                CHECK(J5(i, j) == I(i, j));
                CHECK(J6(i, j) == z * I(i, j));
            }
            CHECK(J5(i, n) == T(1));
            CHECK(J6(i, n) == x[i]);
        }
        // W7: sum(x), d/dx = 1^T; W8: identity, d/dx = I
        const auto J7 = tinydual::jacobian([](const auto& v) { return sum(v); }, x).jacobian;
        CHECK(J7 == mat<T, 1, n>::filled(T(1)));
        CHECK(tinydual::jacobian([](const auto& v) { return v; }, x).jacobian == I);
    }
}

TEST_CASE_TEMPLATE("C1-C8: scalar chain rules", T, float, double) {
    const auto pts = scalar_points<T>();
    auto d = [](auto f, T x) { return tinydual::derivative(f, x).derivative; };
    for (T x : pts) {
        INFO("x = " << x);
        const T t = tol<T>() * 4;
        TD_CHECK_CLOSE(d([](auto v) { return log(v * v + T(1)); }, x), T(2) * x / (x * x + T(1)), t);  // C1
        TD_CHECK_CLOSE(d([](auto v) { return sin(v * v); }, x), T(2) * x * std::cos(x * x), t);           // C4
        TD_CHECK_CLOSE(d([](auto v) { return sin(v + v * v); }, x), (T(1) + T(2) * x) * std::cos(x + x * x), t);  // C5
        TD_CHECK_CLOSE(d([](auto v) { return v * (v * v); }, x), T(3) * x * x, t);  // C6
        TD_CHECK_CLOSE(d([](auto v) { const auto u = v * v; return u + u * u; }, x), T(2) * x + T(4) * x * x * x, t);  // C7
        if (x != T(0)) {
            // C3: ln(sin(x^3)^2)' = 6 x^2 cot(x^3) (the notes stop at 6 x^2 cos x^3: a slip)
            const T s = std::sin(x * x * x);
            if (std::fabs(s) > T(0.05f))
                TD_CHECK_CLOSE(d([](auto v) { const auto q = sin(v * v * v); return log(q * q); }, x),
                               T(6) * x * x * std::cos(x * x * x) / s, t * 16);
            // C8: [ln(x^2), sin(3x)]' = [2/x, 3 cos 3x]
            const auto c8 = tinydual::derivative([](auto v) { return vec<decltype(v), 2>{log(v * v), sin(T(3) * v)}; }, x);
            TD_CHECK_CLOSE(c8.derivative[0], T(2) / x, t);
            TD_CHECK_CLOSE(c8.derivative[1], T(3) * std::cos(T(3) * x), t);
        }
        // C2: f = y sin(x + y): df/dx = y cos(x + y), df/dy = sin(x + y) + y cos(x + y)
        const T y = T(0.5f) - x / T(3);
        const auto c2 = tinydual::gradient([](const auto& v) { return v[1] * sin(v[0] + v[1]); }, vec<T, 2>{x, y});
        TD_CHECK_CLOSE(c2.gradient[0], y * std::cos(x + y), t);
        TD_CHECK_CLOSE(c2.gradient[1], std::sin(x + y) + y * std::cos(x + y), t);
    }
}

TEST_CASE_TEMPLATE("C9-C12: vector chain rules as products of separately computed Jacobians", T, float, double) {
    tdtest::rng r(404);
    const auto A = r.matrix<T, 3, 2>(-1, 1);
    auto g = [](const auto& x) {  // R^3 -> R^2
        using D = std::decay_t<decltype(x[0])>;
        return vec<D, 2>{x[0] * x[1] + sin(x[2]), exp(x[0] - x[2])};
    };
    auto u = [](const auto& x) {  // R^3 -> R^2
        using D = std::decay_t<decltype(x[0])>;
        return vec<D, 2>{x[0] * x[0], x[1] * x[2]};
    };
    auto v = [](const auto& x) {
        using D = std::decay_t<decltype(x[0])>;
        return vec<D, 2>{cos(x[1]), x[0] + x[2]};
    };
    auto b = [](const auto& x) { return x[0] * x[2] + T(2); };
    for (int k = 0; k < 6; ++k) {
        const auto x = r.vector<T, 3>(-1, 1);
        const T t = 8 * tol<T>();
        // C9: h = f(g(x)), f(y) = A y + y0 y1: dh/dx = (df/dg)(dg/dx)
        auto f = [&A](const auto& y) { return A * y + y[0] * y[1]; };
        const auto Jg = tinydual::jacobian(g, x);
        const auto Jf = tinydual::jacobian(f, Jg.value);
        const auto Jh = tinydual::jacobian([&](const auto& z) { return f(g(z)); }, x);
        tdtest::check_close(Jh.jacobian, Jf.jacobian * Jg.jacobian, t);
        const auto Ju = tinydual::jacobian(u, x).jacobian;
        const auto Jv = tinydual::jacobian(v, x).jacobian;
        const auto uv = tinydual::jacobian(u, x).value;
        const auto vv = tinydual::jacobian(v, x).value;
        // C10: v = b(x) u(x): dv/dx = u (db/dx) + b (du/dx)
        const auto db = tinydual::jacobian(b, x).jacobian;
        const T bv = b(x);
        const auto J10 = tinydual::jacobian([&](const auto& z) { return b(z) * u(z); }, x).jacobian;
        mat<T, 2, 1> ucol{};
        ucol(0, 0) = uv[0];
        ucol(1, 0) = uv[1];
        tdtest::check_close(J10, ucol * db + bv * Ju, t);
        // C11: k = <u, v>: dk/dx = v^T u' + u^T v'
        const auto J11 = tinydual::jacobian([&](const auto& z) { return dot(u(z), v(z)); }, x).jacobian;
        mat<T, 1, 2> vrow{}, urow{};
        vrow(0, 0) = vv[0];
        vrow(0, 1) = vv[1];
        urow(0, 0) = uv[0];
        urow(0, 1) = uv[1];
        tdtest::check_close(J11, vrow * Ju + urow * Jv, t);
        // C12: v = A u(x) with A 3x2: dv/dx = A u'
        const auto J12 = tinydual::jacobian([&](const auto& z) { return A * u(z); }, x).jacobian;
        tdtest::check_close(J12, A * Ju, t);
    }
}

TEST_CASE_TEMPLATE("L1, L8: linear maps", T, float, double) {
    tdtest::rng r(505);
    constexpr std::size_t n = 4;
    const auto A = r.matrix<T, n, n>(-1, 1);
    const auto b = r.vector<T, n>(-1, 1);
    for (int k = 0; k < 5; ++k) {
        auto x = r.vector<T, n>(-2, 2);
        if (k == 0) x = vec<T, n>::zero();
        // L1: y = A x, dy/dx = A
        const auto l1 = tinydual::jacobian([&](const auto& v) { return A * v; }, x);
        tdtest::check_close(l1.jacobian, A, tol<T>());
        // L8: F(x) = A((Ax + b) o (Ax + b)) + b, dF/dx = 2 A diag(Ax + b) A
        const auto l8 = tinydual::jacobian(
            [&](const auto& v) {
                const auto y = A * v + b;
                return A * hadamard(y, y) + b;
            },
            x);
        const auto expected = T(2) * (A * tinydual::diag(A * x + b) * A);
        tdtest::check_close(l8.jacobian, expected, 8 * tol<T>());
    }
}

TEST_CASE_TEMPLATE("N1, N2: ReLU neuron and its mean squared loss", T, float, double) {
    constexpr std::size_t n = 3, K = 6;
    tdtest::rng r(606);
    vec<vec<T, n>, K> xs{};
    vec<T, K> ys{};
    for (std::size_t i = 0; i < K; ++i) {
        xs[i] = r.vector<T, n>(-1, 1);
        ys[i] = T(r.uniform(-1, 1));
    }
    // parameters p = (w, b) packed into one input
    auto neuron = [](const auto& p, const vec<T, n>& x) {
        auto z = p[n];
        for (std::size_t j = 0; j < n; ++j) z = z + p[j] * x[j];
        return max(T(0), z);
    };
    for (int k = 0; k < 6; ++k) {
        auto p = r.vector<T, n + 1>(-1, 1);
        const auto& x = xs[0];
        if (k == 0) {  // edge: exactly at the kink, w.x + b = 0 gives the inactive branch
            p[n] = T(0);
            for (std::size_t j = 0; j < n; ++j) p[n] = p[n] - p[j] * x[j];
        }
        // N1: da/dw = x^T if w.x + b > 0 else 0; da/db = 1 or 0. Activity is read off the
        // library's own value (its rounding of w.x + b may fuse multiply-adds).
        const auto n1 = tinydual::gradient([&](const auto& q) { return neuron(q, x); }, p);
        const bool active = n1.value > T(0);
        if (k == 0) CHECK(std::fabs(n1.value) <= T(4) * tdtest::eps<T>());
        for (std::size_t j = 0; j < n; ++j) CHECK(n1.gradient[j] == (active ? x[j] : T(0)));
        CHECK(n1.gradient[n] == (active ? T(1) : T(0)));
        // N2: C = 1/K sum (y_i - max(0, w.x_i + b))^2; e_i = w.x_i + b - y_i over active samples
        const auto n2 = tinydual::gradient(
            [&](const auto& q) {
                auto c = q[0] * T(0);
                for (std::size_t i = 0; i < K; ++i) {
                    const auto d = ys[i] - neuron(q, xs[i]);
                    c = c + d * d;
                }
                return c / T(K);
            },
            p);
        vec<T, n + 1> expected{};
        for (std::size_t i = 0; i < K; ++i) {
            const T ai = tinydual::gradient([&](const auto& q) { return neuron(q, xs[i]); }, p).value;
            if (!(ai > T(0))) continue;
            const T e = ai - ys[i];
            for (std::size_t j = 0; j < n; ++j) expected[j] += T(2) / T(K) * e * xs[i][j];
            expected[n] += T(2) / T(K) * e;
        }
        tdtest::check_close(n2.gradient, expected, 8 * tol<T>());
    }
}
