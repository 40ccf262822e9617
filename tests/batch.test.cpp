// batch.hpp: the batched drivers (gradient, jacobian, hessian, hvp, data_jacobian) give, point by
// point, what the one-point drivers give: the bench workloads (written branch-free, as batched code must be),
// both policies, every count of points around the width (the tail), the pointer interface and
// explicit widths, with singular and kinked points in a batch of ordinary ones.
#include "support/testing.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>

#include <tinydual/batch.hpp>

using tinydual::vec;

namespace {

// Exact where each lane runs the one-point formulas: plain lanes (or TINYDUAL_LANES_LIBM) beside
// plain one-point partials. xsimd's vectorized math, or one-point partials in SIMD registers
// whose multiply-adds are fused (Helium) where the lanes' are not: lanes.test.cpp's bound.
template <class T>
bool matches(T batched, T one) {
    constexpr bool exact = !tinydual::lanes_vectorized_math && !TINYDUAL_BACKEND_XSIMD && !TINYDUAL_BACKEND_MVE;
    if (exact) return (std::isnan(batched) && std::isnan(one)) || batched == one;
    return tdtest::close(batched, one, T(16) * std::numeric_limits<T>::epsilon());
}
#define TD_EXPECT_SAME(batched, one) \
    CHECK_MESSAGE(matches(batched, one), #batched " = " << static_cast<double>(batched) << ", one-point " << static_cast<double>(one))

// The bench's workloads (bench/workloads.hpp), with constants lifted as Jet code does and the
// neuron's rectifier as a select.
struct rosenbrock {
    template <class X>
    auto operator()(const X& x) const {
        using S = std::decay_t<decltype(x[0])>;
        S f(0);
        for (std::size_t i = 0; i + 1 < x.size(); i += 2) {
            const S a = x[i] * x[i] - x[i + 1];
            const S d = x[i] - S(1);
            f += S(100) * a * a + d * d;
        }
        return f;
    }
};
template <class T, std::size_t N>
struct tanh_layer {
    tinydual::mat<T, N, N> A;
    vec<T, N> c, v;
    template <class X>
    auto operator()(const X& x) const {
        using S = std::decay_t<decltype(x[0])>;
        using std::tanh;
        S f(T(0));
        for (std::size_t i = 0; i < N; ++i) {
            S z(c[i]);
            for (std::size_t j = 0; j < N; ++j) z += A(i, j) * x[j];
            f += v[i] * tanh(z);
        }
        return f;
    }
};
template <class T, std::size_t N>
struct neuron_loss {
    tinydual::mat<T, 8, N - 1> X;
    vec<T, 8> y;
    template <class P>
    auto operator()(const P& w) const {
        using S = std::decay_t<decltype(w[0])>;
        S loss(T(0));
        for (std::size_t k = 0; k < 8; ++k) {
            S z = w[N - 1];
            for (std::size_t j = 0; j + 1 < N; ++j) z += X(k, j) * w[j];
            const S r = y[k] - tinydual::select(z > T(0), z, S(T(0)));
            loss += r * r;
        }
        return loss / T(8);
    }
};
template <class T, std::size_t N>
struct l8 {
    tinydual::mat<T, N, N> A;
    vec<T, N> b;
    template <class X>
    auto operator()(const X& x) const {
        using S = std::decay_t<decltype(x[0])>;
        vec<S, N> u, F;
        for (std::size_t i = 0; i < N; ++i) {
            S s(b[i]);
            for (std::size_t j = 0; j < N; ++j) s += A(i, j) * x[j];
            u[i] = s * s;
        }
        for (std::size_t i = 0; i < N; ++i) {
            S s(b[i]);
            for (std::size_t j = 0; j < N; ++j) s += A(i, j) * u[j];
            F[i] = s;
        }
        return F;
    }
};

/// batch::gradient over M points (the width's tail included) against gradient point by point.
template <class T, std::size_t N, std::size_t M, class F, class... Options>
void check_gradient(const F& f, double lo, double hi, Options... options) {
    tdtest::rng r(N * 31 + M);
    std::array<vec<T, N>, M> points;
    for (auto& p : points) p = r.vector<T, N>(lo, hi);
    std::array<tinydual::batch::gradient_result_t<F, vec<T, N>, Options...>, M> results;
    tinydual::batch::gradient(f, points, results, options...);
    for (std::size_t i = 0; i < M; ++i) {
        INFO("point " << i << " of " << M);
        const auto one = tinydual::gradient(f, points[i], typename tinydual::detail::driver_options<Options...>::policy{});
        TD_EXPECT_SAME(results[i].value, one.value);
        for (std::size_t j = 0; j < N; ++j) TD_EXPECT_SAME(results[i].gradient[j], one.gradient[j]);
    }
}

template <class T, std::size_t N, std::size_t M, class F>
void check_jacobian(const F& f, double lo, double hi) {
    tdtest::rng r(N * 7 + M);
    std::array<vec<T, N>, M> points;
    for (auto& p : points) p = r.vector<T, N>(lo, hi);
    std::array<tinydual::batch::jacobian_result_t<F, vec<T, N>>, M> results;
    tinydual::batch::jacobian(f, points.data(), M, results.data());  // the pointer interface
    for (std::size_t i = 0; i < M; ++i) {
        INFO("point " << i << " of " << M);
        const auto one = tinydual::jacobian(f, points[i]);
        for (std::size_t a = 0; a < N; ++a) {
            TD_EXPECT_SAME(results[i].value[a], one.value[a]);
            for (std::size_t j = 0; j < N; ++j) TD_EXPECT_SAME(results[i].jacobian(a, j), one.jacobian(a, j));
        }
    }
}

template <class T, std::size_t N>
tanh_layer<T, N> make_tanh_layer() {
    tdtest::rng r(3);
    return {r.matrix<T, N, N>(-1, 1), r.vector<T, N>(-0.5, 0.5), r.vector<T, N>(-1, 1)};
}
template <class T, std::size_t N>
neuron_loss<T, N> make_neuron() {
    tdtest::rng r(4);
    return {r.matrix<T, 8, N - 1>(-1, 1), r.vector<T, 8>(0, 1)};
}
template <class T, std::size_t N>
l8<T, N> make_l8() {
    tdtest::rng r(6);
    return {r.matrix<T, N, N>(-0.5, 0.5), r.vector<T, N>(-1, 1)};
}

template <class T>
void check_workloads() {
    constexpr std::size_t K = tinydual::batch::default_lanes<T>;
    check_gradient<T, 2, 1>(rosenbrock{}, -2, 2);
    check_gradient<T, 2, K - 1>(rosenbrock{}, -2, 2);
    check_gradient<T, 2, K>(rosenbrock{}, -2, 2);
    check_gradient<T, 4, 2 * K + 1>(rosenbrock{}, -2, 2);
    check_gradient<T, 8, 3 * K - 1>(rosenbrock{}, -2, 2);
    check_gradient<T, 4, 13>(make_tanh_layer<T, 4>(), -1, 1);
    check_gradient<T, 6, 13>(make_tanh_layer<T, 6>(), -1, 1);
    check_gradient<T, 16, 5>(make_tanh_layer<T, 16>(), -1, 1);
    check_gradient<T, 2, 13>(make_neuron<T, 2>(), -1, 1);
    check_gradient<T, 8, 13>(make_neuron<T, 8>(), -1, 1);
    check_jacobian<T, 4, 11>(make_l8<T, 4>(), -1, 1);
    check_jacobian<T, 8, 3>(make_l8<T, 8>(), -1, 1);
}


/// batch::hessian and batch::hvp over M points against hessian and hvp point by point.
template <class T, std::size_t N, std::size_t M, class F, class... Options>
void check_second_order(const F& f, double lo, double hi, Options... options) {
    tdtest::rng r(N * 13 + M);
    std::array<vec<T, N>, M> points, directions;
    for (auto& p : points) p = r.vector<T, N>(lo, hi);
    for (auto& v : directions) v = r.vector<T, N>(-1, 1);
    std::array<tinydual::batch::hessian_result_t<F, vec<T, N>, Options...>, M> h;
    std::array<tinydual::batch::hvp_result_t<F, vec<T, N>, Options...>, M> hv;
    tinydual::batch::hessian(f, points, h, options...);
    tinydual::batch::hvp(f, points.data(), directions.data(), M, hv.data(), options...);
    using Policy = typename tinydual::detail::driver_options<Options...>::policy;
    for (std::size_t i = 0; i < M; ++i) {
        INFO("point " << i << " of " << M);
        const auto one = tinydual::hessian(f, points[i], Policy{});
        const auto v1 = tinydual::hvp(f, points[i], directions[i], Policy{});
        TD_EXPECT_SAME(h[i].value, one.value);
        for (std::size_t a = 0; a < N; ++a) {
            TD_EXPECT_SAME(h[i].gradient[a], one.gradient[a]);
            TD_EXPECT_SAME(hv[i][a], v1[a]);
            for (std::size_t b = 0; b < N; ++b) TD_EXPECT_SAME(h[i].hessian(a, b), one.hessian(a, b));
        }
    }
}

template <class T>
void check_second_order_workloads() {
    constexpr std::size_t K = tinydual::batch::default_lanes<T>;
    check_second_order<T, 2, K + 1>(rosenbrock{}, -2, 2);
    check_second_order<T, 4, 2 * K - 1>(rosenbrock{}, -2, 2);
    check_second_order<T, 4, 9>(make_tanh_layer<T, 4>(), -1, 1);
    check_second_order<T, 8, 5>(make_tanh_layer<T, 8>(), -1, 1);
    check_second_order<T, 6, 7>(make_neuron<T, 6>(), -1, 1);
}

}  // namespace

TEST_CASE("batch: gradient and jacobian equal the one-point drivers at every point") {
    check_workloads<double>();
    check_workloads<float>();
}

TEST_CASE("batch: options, a policy and a width") {
    const auto f = [](const auto& x) { return sqrt(x[0]) * x[1] + abs(x[1]); };  // singular at x0 = 0, kink at x1 = 0
    check_gradient<double, 2, 7>(f, 0, 1, tinydual::batch::width<2>);
    check_gradient<double, 2, 7>(f, 0, 1, tinydual::ieee, tinydual::batch::width<8>);
    check_gradient<float, 2, 9>(f, 0, 1, tinydual::batch::width<1>);

    // the policy table's points, in one batch with ordinary ones: the safe policy's second pass
    // (a non-finite derivative in one lane) gives every lane the one-point result
    std::array<vec<double, 2>, 6> points{{{{0.0, 1.0}}, {{4.0, 0.0}}, {{1.0, 2.0}}, {{0.0, 0.0}}, {{9.0, -1.0}}, {{2.0, 3.0}}}};
    std::array<tinydual::batch::gradient_result_t<decltype(f), vec<double, 2>>, 6> safe;
    std::array<tinydual::batch::gradient_result_t<decltype(f), vec<double, 2>, tinydual::ieee_policy>, 6> ieee;
    tinydual::batch::gradient(f, points, safe);
    tinydual::batch::gradient(f, points, ieee, tinydual::ieee);
    for (std::size_t i = 0; i < points.size(); ++i) {
        INFO("point " << i);
        const auto s = tinydual::gradient(f, points[i]);
        const auto e = tinydual::gradient(f, points[i], tinydual::ieee);
        for (std::size_t j = 0; j < 2; ++j) {
            TD_EXPECT_SAME(safe[i].gradient[j], s.gradient[j]);
            TD_EXPECT_SAME(ieee[i].gradient[j], e.gradient[j]);
        }
    }
    CHECK(safe[3].gradient[1] == 0.0);  // sqrt(0) * 1 + |0|: abs'(0) = 0 under the safe policy
    CHECK(std::isnan(ieee[3].gradient[1]));
    CHECK(std::isinf(safe[0].gradient[0]));  // d/dx0 sqrt(x0) x1 at x0 = 0: +inf with a nonzero seed
}

TEST_CASE("batch: std::array points and no points") {
    const auto f = [](const auto& x) { return x[0] * exp(x[1]); };
    std::array<std::array<float, 2>, 3> points{{{{1.0f, 0.0f}}, {{2.0f, 1.0f}}, {{-1.0f, -1.0f}}}};
    std::array<tinydual::batch::gradient_result_t<decltype(f), std::array<float, 2>>, 3> g;
    tinydual::batch::gradient(f, points, g);
    for (std::size_t i = 0; i < 3; ++i) {
        const auto one = tinydual::gradient(f, points[i]);
        TD_EXPECT_SAME(g[i].gradient[0], one.gradient[0]);
        TD_EXPECT_SAME(g[i].gradient[1], one.gradient[1]);
    }
    tinydual::batch::gradient(f, points.data(), 0, g.data());  // nothing to do, nothing written
    TD_EXPECT_SAME(g[0].gradient[0], 1.0f);
}

TEST_CASE("batch: hessian and hvp equal the one-point drivers at every point") {
    check_second_order_workloads<double>();
    check_second_order_workloads<float>();
    // singular and kinked points in one batch with ordinary ones, both policies, other widths
    const auto f = [](const auto& x) { return sqrt(x[0]) * x[1] + abs(x[1]) * x[0] + x[0] * x[1] * x[1]; };
    check_second_order<double, 2, 7>(f, 0, 1, tinydual::batch::width<2>);
    check_second_order<double, 2, 7>(f, 0, 1, tinydual::ieee, tinydual::batch::width<8>);
    check_second_order<float, 2, 5>(f, 0, 1, tinydual::batch::width<1>);
    std::array<vec<double, 2>, 5> points{{{{0.0, 1.0}}, {{4.0, 0.0}}, {{1.0, 2.0}}, {{0.0, 0.0}}, {{9.0, -1.0}}}};
    std::array<vec<double, 2>, 5> directions{{{{1.0, 0.0}}, {{0.0, 1.0}}, {{1.0, 1.0}}, {{1.0, -1.0}}, {{0.5, 2.0}}}};
    std::array<tinydual::batch::hessian_result_t<decltype(f), vec<double, 2>>, 5> h;
    std::array<tinydual::batch::hvp_result_t<decltype(f), vec<double, 2>>, 5> hv;
    tinydual::batch::hessian(f, points, h);
    tinydual::batch::hvp(f, points, directions, hv);
    for (std::size_t i = 0; i < points.size(); ++i) {
        INFO("point " << i);
        const auto one = tinydual::hessian(f, points[i]);
        const auto v1 = tinydual::hvp(f, points[i], directions[i]);
        for (std::size_t a = 0; a < 2; ++a) {
            TD_EXPECT_SAME(hv[i][a], v1[a]);
            for (std::size_t b = 0; b < 2; ++b) TD_EXPECT_SAME(h[i].hessian(a, b), one.hessian(a, b));
        }
    }
    CHECK(h[1].hessian(1, 1) == 8.0);  // at x1 = 0: abs'' = 0 (safe), 2 x0 from x0 x1^2
}

TEST_CASE("batch: data_jacobian, one point and many data, equals jacobian at each datum") {
    const auto r = [](const auto& x, const auto& m) {  // a residual per reading m, as in a calibration
        using S = std::decay_t<decltype(x[0])>;
        const S d0 = m[0] - x[0], d1 = m[1] - x[1];
        return vec<S, 2>{{d0 * d0 * x[2] + d1 * d1 - 1.0, sqrt(abs(d0)) + x[2] * m[2]}};
    };
    const vec<double, 3> x{{0.25, -0.5, 1.5}};
    std::array<vec<double, 3>, 11> data;
    tdtest::rng g(9);
    for (auto& d : data) d = g.vector<double, 3>(-1, 1);
    data[3] = vec<double, 3>{{0.25, 0.0, 2.0}};  // d0 = 0: the kink of |d0| and the pole of sqrt
    std::array<tinydual::batch::data_jacobian_result_t<decltype(r), vec<double, 3>, vec<double, 3>>, 11> J;
    tinydual::batch::data_jacobian(r, x, data, J);
    std::array<tinydual::batch::data_jacobian_result_t<decltype(r), vec<double, 3>, vec<double, 3>, tinydual::denominator_layout_t>, 11> Jt;
    tinydual::batch::data_jacobian(r, x, data.data(), data.size(), Jt.data(), tinydual::denominator_layout, tinydual::batch::width<2>);
    for (std::size_t i = 0; i < data.size(); ++i) {
        INFO("datum " << i);
        const auto one = tinydual::jacobian([&](const auto& p) { return r(p, data[i]); }, x);
        for (std::size_t a = 0; a < 2; ++a) {
            TD_EXPECT_SAME(J[i].value[a], one.value[a]);
            for (std::size_t j = 0; j < 3; ++j) {
                TD_EXPECT_SAME(J[i].jacobian(a, j), one.jacobian(a, j));
                TD_EXPECT_SAME(Jt[i].jacobian(j, a), one.jacobian(a, j));
            }
        }
    }
    // d/dx0 sqrt(|m0 - x0|) at m0 = x0: abs'(0) = 0 (safe policy), and sqrt'(0) = inf times that
    // zero partial stays zero
    CHECK(J[3].jacobian(1, 0) == 0.0);
}

TEST_CASE("batch: mat and args(...) points, per point as the one-point drivers") {
    using tinydual::mat;
    tdtest::rng g(12);
    // args(W, x): one gradient block per argument, shaped like it
    const auto layer = [](const auto& W, const auto& x) {
        using S = std::decay_t<decltype(x[0])>;
        S s = W(1, 2) * x[0];
        for (std::size_t i = 0; i < 2; ++i) {
            S z = W(i, 0) * x[0];
            for (std::size_t j = 1; j < 3; ++j) z += W(i, j) * x[j];
            s += tanh(z);
        }
        return s;
    };
    using A = tinydual::arguments<mat<double, 2, 3>, vec<double, 3>>;
    std::array<A, 7> packs;
    for (auto& p : packs) p = tinydual::args(g.matrix<double, 2, 3>(-1, 1), g.vector<double, 3>(-1, 1));
    std::array<tinydual::batch::gradient_result_t<decltype(layer), A>, 7> gr;
    tinydual::batch::gradient(layer, packs, gr);
    std::array<tinydual::batch::jacobian_result_t<decltype(layer), A, tinydual::denominator_layout_t>, 7> jr;
    tinydual::batch::jacobian(layer, packs.data(), packs.size(), jr.data(), tinydual::denominator_layout,
                              tinydual::batch::width<2>);
    for (std::size_t k = 0; k < packs.size(); ++k) {
        INFO("point " << k);
        const auto one = tinydual::gradient(layer, packs[k]);
        const auto onej = tinydual::jacobian(layer, packs[k], tinydual::denominator_layout);
        TD_EXPECT_SAME(gr[k].value, one.value);
        TD_EXPECT_SAME(jr[k].value, onej.value);
        for (std::size_t j = 0; j < 3; ++j) {
            TD_EXPECT_SAME(std::get<1>(gr[k].gradient)[j], std::get<1>(one.gradient)[j]);
            TD_EXPECT_SAME(std::get<1>(jr[k].jacobian)(j, 0), std::get<1>(onej.jacobian)(j, 0));
            for (std::size_t i = 0; i < 2; ++i) TD_EXPECT_SAME(std::get<0>(gr[k].gradient)(i, j), std::get<0>(one.gradient)(i, j));
        }
        for (std::size_t v = 0; v < 6; ++v) TD_EXPECT_SAME(std::get<0>(jr[k].jacobian)(v, 0), std::get<0>(onej.jacobian)(v, 0));
        // closed form, d/dW(1, 2) = x0 + (1 - tanh(z1)^2) x2
        const auto& W = std::get<0>(packs[k].values);
        const auto& x = std::get<1>(packs[k].values);
        const double z1 = W(1, 0) * x[0] + W(1, 1) * x[1] + W(1, 2) * x[2];
        CHECK(std::get<0>(gr[k].gradient)(1, 2) == doctest::Approx(x[0] + (1 - std::tanh(z1) * std::tanh(z1)) * x[2]));
    }

    // a matrix point in both stackings: d vec(Y) / d vec(X) and d vec_r(Y) / d vec_r(X)
    const auto gram = [](const auto& X) {
        using S = std::decay_t<decltype(X(0, 0))>;
        mat<S, 2, 2> Y;
        for (std::size_t i = 0; i < 2; ++i)
            for (std::size_t j = 0; j < 2; ++j) Y(i, j) = X(i, 0) * X(j, 0) + X(i, 1) * X(j, 1) * sin(X(0, 1));
        return Y;
    };
    std::array<mat<float, 2, 2>, 5> ms;
    for (auto& m : ms) m = g.matrix<float, 2, 2>(-1, 1);
    std::array<tinydual::batch::jacobian_result_t<decltype(gram), mat<float, 2, 2>>, 5> jc, jrow;
    tinydual::batch::jacobian(gram, ms, jc);
    tinydual::batch::jacobian(gram, ms, jrow, tinydual::row_stacking);
    for (std::size_t k = 0; k < ms.size(); ++k) {
        INFO("matrix point " << k);
        const auto c = tinydual::jacobian(gram, ms[k]);
        const auto r = tinydual::jacobian(gram, ms[k], tinydual::row_stacking);
        for (std::size_t a = 0; a < 4; ++a)
            for (std::size_t b = 0; b < 4; ++b) {
                TD_EXPECT_SAME(jc[k].jacobian(a, b), c.jacobian(a, b));
                TD_EXPECT_SAME(jrow[k].jacobian(a, b), r.jacobian(a, b));
            }
        // d Y(0, 1) / d X(1, 0) = X(0, 0): column stacking puts Y(0, 1) at 2 and X(1, 0) at 1,
        // row stacking Y(0, 1) at 1 and X(1, 0) at 2
        const double x00 = static_cast<double>(ms[k](0, 0));
        CHECK(static_cast<double>(jc[k].jacobian(2, 1)) == doctest::Approx(x00));
        CHECK(static_cast<double>(jrow[k].jacobian(1, 2)) == doctest::Approx(x00));
    }
}
