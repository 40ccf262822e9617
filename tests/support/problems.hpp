// Test problems for the solvers (optimize.test.cpp, and against Ceres' TinySolver in
// optimize_ceres.test.cpp): residual functions r: R^n -> R^m written once for every number type
// (plain, tinydual's numbers, ceres::Jet), with their published minima.
//
// Moré, Garbow and Hillstrom, "Testing unconstrained optimization software", ACM TOMS 7 (1981):
//   rosenbrock      (1)  n = m = 2, x0 = (-1.2, 1), f = 0 at (1, 1)
//   freudenstein    (2)  n = m = 2, x0 = (0.5, -2), f = 0 at (5, 4); f = 48.9842... at
//                        (11.41..., -0.8968...), a local minimum
//   powell_singular (13) n = m = 4, x0 = (3, -1, 0, 1), f = 0 at the origin (J^T J singular there)
//   box3d           (12) n = 3, m = 10, x0 = (0, 10, 20), f = 0 at (1, 10, 1)
// where f = |r|^2 = 2 cost. And two fits from synthetic, noise-free data (the generating
// parameters are the minimum, f = 0): a circle fit (n = 3: centre and radius) and a magnetometer
// calibration (n = 9: hard-iron offset b and the symmetric soft-iron matrix W, r_i = |W (m_i - b)|^2 - 1).
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <type_traits>

#include <tinydual/inverse.hpp>
#include <tinydual/linalg.hpp>
#include <tinydual/vec.hpp>

namespace problems {

template <class X>
using elem_t = std::decay_t<decltype(std::declval<const X&>()[0])>;

/// The floating-point type under a number type S (S itself, a tinydual number's, a Jet's).
template <class S, class = void>
struct jet_base {
    using type = S;
};
template <class S>
struct jet_base<S, std::void_t<typename S::Scalar>> {
    using type = typename S::Scalar;
};
template <class S, class = void>
struct base {
    using type = typename jet_base<S>::type;
};
template <class S>
struct base<S, std::void_t<typename S::value_type>> {
    using type = typename base<typename S::value_type>::type;
};
/// The constant v as the number type S, rounded once to its floating-point type.
template <class S>
S c(double v) {
    return S(static_cast<typename base<S>::type>(v));
}

struct rosenbrock {
    static constexpr std::size_t n = 2, m = 2;
    template <class X>
    tinydual::vec<elem_t<X>, 2> operator()(const X& x) const {
        return {c<elem_t<X>>(10.0) * (x[1] - x[0] * x[0]), c<elem_t<X>>(1.0) - x[0]};
    }
    static constexpr std::array<double, 2> start{-1.2, 1};
};

struct freudenstein {
    static constexpr std::size_t n = 2, m = 2;
    template <class X>
    tinydual::vec<elem_t<X>, 2> operator()(const X& x) const {
        using S = elem_t<X>;
        return {c<S>(-13.0) + x[0] + ((c<S>(5.0) - x[1]) * x[1] - c<S>(2.0)) * x[1],
                c<S>(-29.0) + x[0] + ((x[1] + c<S>(1.0)) * x[1] - c<S>(14.0)) * x[1]};
    }
    static constexpr std::array<double, 2> start{0.5, -2};
    // the local minimum (Newton's method on the gradient, double): f = 48.98425367924
    static constexpr double local_x0 = 11.412778986902095, local_x1 = -0.8968052532744764;
    static constexpr double local_cost = 24.492126839620006;
};

struct powell_singular {
    static constexpr std::size_t n = 4, m = 4;
    template <class X>
    tinydual::vec<elem_t<X>, 4> operator()(const X& x) const {
        using S = elem_t<X>;
        using std::sqrt;
        const S a = x[1] - c<S>(2.0) * x[2], b = x[0] - x[3];
        return {x[0] + c<S>(10.0) * x[1], c<S>(2.2360679774997896964) * (x[2] - x[3]), a * a, c<S>(3.1622776601683793320) * b * b};
    }
    static constexpr std::array<double, 4> start{3, -1, 0, 1};
};

struct box3d {
    static constexpr std::size_t n = 3, m = 10;
    template <class X>
    tinydual::vec<elem_t<X>, 10> operator()(const X& x) const {
        using S = elem_t<X>;
        using std::exp;
        tinydual::vec<S, 10> r{};
        for (std::size_t i = 0; i < 10; ++i) {
            const double t = 0.1 * double(i + 1);
            r[i] = exp(c<S>(-t) * x[0]) - exp(c<S>(-t) * x[1]) - x[2] * c<S>(std::exp(-t) - std::exp(-10 * t));
        }
        return r;
    }
    static constexpr std::array<double, 3> start{0, 10, 20};
};

/// 12 points on the circle with centre (1, -2) and radius 3; x = (cx, cy, R).
struct circle {
    static constexpr std::size_t n = 3, m = 12;
    std::array<std::array<double, 2>, 12> p{};
    circle() {
        for (std::size_t k = 0; k < 12; ++k) {
            const double t = 0.3 + 0.5 * double(k);  // not evenly spread: 5.5 of 2 pi
            p[k] = {1 + 3 * std::cos(t), -2 + 3 * std::sin(t)};
        }
    }
    template <class X>
    tinydual::vec<elem_t<X>, 12> operator()(const X& x) const {
        using S = elem_t<X>;
        using std::sqrt;
        tinydual::vec<S, 12> r{};
        for (std::size_t k = 0; k < 12; ++k) {
            const S dx = c<S>(p[k][0]) - x[0], dy = c<S>(p[k][1]) - x[1];
            r[k] = sqrt(dx * dx + dy * dy) - x[2];
        }
        return r;
    }
    static constexpr std::array<double, 3> start{0, 0, 1};
    static constexpr std::array<double, 3> solution{1, -2, 3};
};

/// Magnetometer calibration from 40 field directions u_i: m_i = W^-1 u_i + b for the true hard
/// iron b and soft iron W; x = (b0, b1, b2, W00, W11, W22, W01, W02, W12). Planar: every u_i in
/// the xy-plane, which does not determine the z parameters (J^T J is singular at the solution).
struct magnetometer {
    static constexpr std::size_t n = 9, m = 40;
    std::array<std::array<double, 3>, 40> meas{};
    static constexpr std::array<double, 9> solution{0.3, -0.2, 0.1, 1.2, 0.9, 1.1, 0.05, -0.03, 0.02};
    explicit magnetometer(bool planar = false) {
        const auto& s = solution;
        const tinydual::mat<double, 3, 3> W{s[3], s[6], s[7], s[6], s[4], s[8], s[7], s[8], s[5]};
        const auto Winv = *tinydual::inverse(W);
        for (std::size_t i = 0; i < 40; ++i) {
            // a spherical Fibonacci set of directions (or a circle in the xy-plane)
            const double z = planar ? 0.0 : 1 - (2 * double(i) + 1) / 40.0;
            const double rho = std::sqrt(1 - z * z), phi = 2.399963229728653 * double(i);
            const tinydual::vec<double, 3> u{rho * std::cos(phi), rho * std::sin(phi), z};
            const auto mi = Winv * u;
            meas[i] = {mi[0] + s[0], mi[1] + s[1], mi[2] + s[2]};
        }
    }
    template <class X>
    tinydual::vec<elem_t<X>, 40> operator()(const X& x) const {
        using S = elem_t<X>;
        tinydual::vec<S, 40> r{};
        for (std::size_t i = 0; i < 40; ++i) {
            const S d0 = c<S>(meas[i][0]) - x[0], d1 = c<S>(meas[i][1]) - x[1], d2 = c<S>(meas[i][2]) - x[2];
            const S w0 = x[3] * d0 + x[6] * d1 + x[7] * d2;
            const S w1 = x[6] * d0 + x[4] * d1 + x[8] * d2;
            const S w2 = x[7] * d0 + x[8] * d1 + x[5] * d2;
            r[i] = w0 * w0 + w1 * w1 + w2 * w2 - c<S>(1.0);
        }
        return r;
    }
    /// The usual first guess: the mean of the measurements, and no soft iron.
    std::array<double, 9> start() const {
        std::array<double, 9> x{0, 0, 0, 1, 1, 1, 0, 0, 0};
        for (const auto& mi : meas)
            for (std::size_t k = 0; k < 3; ++k) x[k] += mi[k] / 40.0;
        return x;
    }
};

template <class T, std::size_t N>
tinydual::vec<T, N> point(const std::array<double, N>& a) {
    tinydual::vec<T, N> v{};
    for (std::size_t i = 0; i < N; ++i) v[i] = T(a[i]);
    return v;
}

}  // namespace problems
