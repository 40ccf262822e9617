// rotation.hpp: angle-axis, rotation matrix and quaternion maps, at the angles where rotation code
// breaks (0, 1e-8, 1e-4, pi - 1e-6) and at random ones, float and double. Values: orthonormal
// matrices, unit quaternions, round trips and agreement between the maps; first derivatives
// against long-double central differences and, for the inverse maps, d log(exp(w)) / dw = I
// (which holds up to pi, where central differences would step across the cut); second
// derivatives at 0 in closed form. (tests/rotation_ceres.test.cpp compares with Ceres' Jets.)
#include "support/testing.hpp"

#include <cmath>

using tinydual::dual;
using tinydual::hyper_dual;
using tinydual::mat;
using tinydual::vec;
using tdtest::cast;
using tdtest::central_gradient;

namespace {

// Each map as a flat vector of numbers, for one Jacobian check.
template <class V>
auto flat(const mat<V, 3, 3>& m) {
    vec<V, 9> r{};
    for (std::size_t k = 0; k < 9; ++k) r[k] = m.data()[k];
    return r;
}

template <class S>
vec<S, 3> point_p() {
    return vec<S, 3>{S(0.5), S(-1.25), S(2)};
}

struct exp_map {
    template <class S>
    auto operator()(const vec<S, 3>& w) const { return flat(tinydual::so3_exp(w)); }
};
struct to_quaternion {
    template <class S>
    auto operator()(const vec<S, 3>& w) const { return tinydual::angle_axis_to_quaternion(w); }
};
struct rotate {
    template <class S>
    auto operator()(const vec<S, 3>& w) const { return tinydual::angle_axis_rotate_point(w, point_p<S>()); }
};
struct rotate_by_quaternion {
    template <class S>
    auto operator()(const vec<S, 3>& w) const {
        return tinydual::quaternion_rotate_point(tinydual::angle_axis_to_quaternion(w), point_p<S>());
    }
};
struct matrix_of_quaternion {
    template <class S>
    auto operator()(const vec<S, 3>& w) const {
        return flat(tinydual::quaternion_to_rotation_matrix(tinydual::angle_axis_to_quaternion(w)));
    }
};
struct quaternion_of_matrix {
    template <class S>
    auto operator()(const vec<S, 3>& w) const { return tinydual::rotation_matrix_to_quaternion(tinydual::so3_exp(w)); }
};
struct log_of_exp {
    template <class S>
    auto operator()(const vec<S, 3>& w) const { return tinydual::so3_log(tinydual::so3_exp(w)); }
};
struct angle_axis_of_quaternion {
    template <class S>
    auto operator()(const vec<S, 3>& w) const {
        return tinydual::quaternion_to_angle_axis(tinydual::angle_axis_to_quaternion(w));
    }
};

template <class T>
using d3 = dual<T, 3>;
template <class T>
vec<d3<T>, 3> variables(const vec<T, 3>& w) {
    return vec<d3<T>, 3>{d3<T>::variable(w[0], 0), d3<T>::variable(w[1], 1), d3<T>::variable(w[2], 2)};
}

/// The dual Jacobian of f at w against central differences of f in long double.
template <class T, class F>
TDTEST_NOINLINE void check_jacobian(F f, const vec<T, 3>& w, T tol) {
    const auto y = f(variables(w));
    const vec<long double, 3> wl = cast<long double>(w);
    const auto yl = f(wl);
    for (std::size_t k = 0; k < y.size(); ++k) {
        INFO("output " << k);
        TD_CHECK_CLOSE(y[k].value(), static_cast<T>(yl[k]), tol);
        const vec<long double, 3> g = central_gradient([&](const vec<long double, 3>& x) { return f(x)[k]; }, wl);
        for (std::size_t i = 0; i < 3; ++i) TD_CHECK_CLOSE(y[k].partial(i), static_cast<T>(g[i]), tol);
    }
}

/// Two maps that must agree, in value and Jacobian (dual).
template <class T, class F, class G>
TDTEST_NOINLINE void check_same(F f, G g, const vec<T, 3>& w, T tol) {
    const auto a = f(variables(w));
    const auto b = g(variables(w));
    for (std::size_t k = 0; k < a.size(); ++k) {
        INFO("output " << k);
        TD_CHECK_CLOSE(a[k].value(), b[k].value(), tol);
        for (std::size_t i = 0; i < 3; ++i) TD_CHECK_CLOSE(a[k].partial(i), b[k].partial(i), tol);
    }
}

/// inverse(forward(w)) = w with Jacobian I.
template <class T, class F>
TDTEST_NOINLINE void check_identity(F f, const vec<T, 3>& w, T tol) {
    const auto a = f(variables(w));
    for (std::size_t k = 0; k < 3; ++k) {
        INFO("output " << k);
        TD_CHECK_CLOSE(a[k].value(), w[k], tol);
        for (std::size_t i = 0; i < 3; ++i) TD_CHECK_CLOSE(a[k].partial(i), i == k ? T(1) : T(0), tol);
    }
}

/// The test angles along a fixed axis, then random rotations.
template <class T>
vec<T, 3> angle_axis(double angle, int k) {
    if (k < 6) {
        const double n = std::sqrt(1.0 + 4.0 + 0.25);
        return vec<T, 3>{static_cast<T>(angle / n), static_cast<T>(-2.0 * angle / n), static_cast<T>(0.5 * angle / n)};
    }
    tdtest::rng g(static_cast<std::uint64_t>(700 + k));
    return g.vector<T, 3>(-1.7, 1.7);
}
constexpr double angles[] = {0.0, 1e-8, 1e-4, 0.7, 2.1, 3.14159265358979323846 - 1e-6, 0, 0, 0, 0};

}  // namespace

TEST_CASE_TEMPLATE("rotation: values are rotations, the maps agree and invert each other", T, float, double) {
    const T tol = T(32) * tdtest::eps<T>();
    for (int k = 0; k < 10; ++k) {
        const vec<T, 3> w = angle_axis<T>(angles[k], k);
        INFO("w = " << double(w[0]) << ", " << double(w[1]) << ", " << double(w[2]));
        const mat<T, 3, 3> R = tinydual::so3_exp(w);
        tdtest::check_close(tinydual::transpose(R) * R, tinydual::identity<T, 3>(), tol);
        TD_CHECK_CLOSE(tinydual::determinant(R), T(1), tol);
        const vec<T, 4> q = tinydual::angle_axis_to_quaternion(w);
        TD_CHECK_CLOSE(tinydual::squared_norm(q), T(1), tol);
        CHECK(q[0] >= T(0));
        tdtest::check_close(tinydual::quaternion_to_rotation_matrix(q), R, tol);
        tdtest::check_close(tinydual::rotation_matrix_to_quaternion(R), q, tol);
        tdtest::check_close(tinydual::angle_axis_rotate_point(w, point_p<T>()), R * point_p<T>(), tol * T(4));
        tdtest::check_close(tinydual::quaternion_rotate_point(q, point_p<T>()), R * point_p<T>(), tol * T(4));
        // The inverse maps: near pi the log loses what rounding in R hides (R - R' ~ sin t).
        const T inv_tol = angles[k] > 3 ? T(4) * std::sqrt(tdtest::eps<T>()) : tol * T(4);
        tdtest::check_close(tinydual::so3_log(R), w, inv_tol);
        tdtest::check_close(tinydual::quaternion_to_angle_axis(q), w, tol * T(4));
        // q and -q are one rotation; a scaled q too.
        const vec<T, 4> mq{-q[0] * T(3), -q[1] * T(3), -q[2] * T(3), -q[3] * T(3)};
        tdtest::check_close(tinydual::quaternion_to_angle_axis(mq), w, tol * T(4));
        tdtest::check_close(tinydual::quaternion_to_rotation_matrix(mq), R, tol);
    }
    // The skew matrix: hat(w) p = w x p.
    const vec<T, 3> w{T(0.3), T(-0.2), T(0.9)};
    tdtest::check_close(tinydual::hat(w) * point_p<T>(), tinydual::cross(w, point_p<T>()), tol);
}

TEST_CASE_TEMPLATE("rotation: first derivatives at 0, 1e-8, 1e-4, pi - 1e-6 and random angles", T, float, double) {
    // Central differences in long double: their own error bounds the check (fd_tol), scaled for
    // the size of the second derivatives of these maps.
    const T fd = T(8) * tdtest::fd_tol<T>();
    const T exact = T(64) * tdtest::eps<T>();
    for (int k = 0; k < 10; ++k) {
        const vec<T, 3> w = angle_axis<T>(angles[k], k);
        INFO("w = " << double(w[0]) << ", " << double(w[1]) << ", " << double(w[2]));
        check_jacobian(exp_map{}, w, fd);
        check_jacobian(to_quaternion{}, w, fd);
        check_jacobian(rotate{}, w, fd);
        check_same(rotate{}, rotate_by_quaternion{}, w, exact * T(4));
        check_same(exp_map{}, matrix_of_quaternion{}, w, exact * T(4));
        check_same(to_quaternion{}, quaternion_of_matrix{}, w, angles[k] > 3 ? T(1e3) * exact : exact * T(4));
        check_identity(angle_axis_of_quaternion{}, w, exact * T(4));
        // The log near pi: d log(exp(w)) / dw = I to what R's rounding leaves (~eps / sin t).
        check_identity(log_of_exp{}, w, angles[k] > 3 ? T(4) * std::sqrt(tdtest::eps<T>()) : exact * T(4));
    }
}

TEST_CASE_TEMPLATE("rotation: second derivatives at the zero angle are exact (series, not sqrt)", T, float, double) {
    // R(w) = I + [w]x + [w]x^2 / 2 + O(|w|^3): d2 R_01 / dw0 dw1 = 1/2, d2 R_00 / dw1^2 = -1.
    // q(w) = (1 - |w|^2 / 8, w / 2) + O(|w|^3): d2 q_0 / dwi^2 = -1/4.
    using h3 = hyper_dual<T, 3>;
    const vec<h3, 3> w{h3::variable(T(0), 0), h3::variable(T(0), 1), h3::variable(T(0), 2)};
    const mat<h3, 3, 3> R = tinydual::so3_exp(w);
    TD_CHECK_CLOSE(R(0, 1).second_partial(0, 1), T(0.5), tdtest::closed_form_tol<T>());
    TD_CHECK_CLOSE(R(0, 1).second_partial(0, 0), T(0.0), tdtest::closed_form_tol<T>());
    TD_CHECK_CLOSE(R(0, 0).second_partial(1, 1), T(-1.0), tdtest::closed_form_tol<T>());
    TD_CHECK_CLOSE(R(0, 1).partial(2), T(-1.0), tdtest::closed_form_tol<T>());
    const vec<h3, 4> q = tinydual::angle_axis_to_quaternion(w);
    for (std::size_t i = 0; i < 3; ++i) TD_CHECK_CLOSE(q[0].second_partial(i, i), T(-0.25), tdtest::closed_form_tol<T>());
    TD_CHECK_CLOSE(q[1].partial(0), T(0.5), tdtest::closed_form_tol<T>());
    // And the inverse maps are the identity to second order: zero second partials, unit first.
    const vec<h3, 3> back = tinydual::so3_log(R), backq = tinydual::quaternion_to_angle_axis(q);
    for (std::size_t k = 0; k < 3; ++k)
        for (std::size_t i = 0; i < 3; ++i) {
            TD_CHECK_CLOSE(back[k].partial(i), T(i == k ? 1.0 : 0.0), tdtest::closed_form_tol<T>());
            TD_CHECK_CLOSE(backq[k].partial(i), T(i == k ? 1.0 : 0.0), tdtest::closed_form_tol<T>());
            for (std::size_t j = 0; j < 3; ++j) {
                CHECK(std::isfinite(back[k].second_partial(i, j)));
                TD_CHECK_CLOSE(back[k].second_partial(i, j), T(0.0), tdtest::closed_form_tol<T>());
                TD_CHECK_CLOSE(backq[k].second_partial(i, j), T(0.0), tdtest::closed_form_tol<T>());
            }
        }
}
