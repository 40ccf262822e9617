// tinydual/rotation.hpp: 3-D rotations as angle-axis vectors, rotation matrices and unit
// quaternions, for any element type (plain, dual, hyper_dual, nested), with exact, finite
// derivatives at and near the zero angle.
//
//   tinydual::vec<double, 3> w{0.1, -0.2, 0.3};              // angle |w| about w / |w|
//   auto R = tinydual::so3_exp(w);                            // = angle_axis_to_rotation_matrix(w)
//   auto q = tinydual::angle_axis_to_quaternion(w);           // (w, x, y, z), as Ceres orders it
//   auto p = tinydual::angle_axis_rotate_point(w, tinydual::vec<double, 3>{1, 0, 0});
//   auto v = tinydual::so3_log(R);                            // w again
//
// Conventions are those of Ceres' rotation.h: a quaternion is vec<T, 4> (w, x, y, z), and the
// functions taking one (to a matrix, rotating a point) scale by 1 / |q|^2, so any non-zero q works;
// the ones returning one give w >= 0. Matrices are mat<T, 3, 3>, row-major.
//
// The derivative traps of rotation code, and what is done about them:
//  - sin(t)/t, (1 - cos t)/t^2 (and the half-angle forms) at t = |w| -> 0: below a small angle
//    (where the next term is below half an ulp: 0.009 for double, 0.25 for float) they are Taylor
//    series in t^2 = w.w, a polynomial, so first and second derivatives are exact at 0 too; above
//    it t = sqrt(w.w) is differentiable.
//  - the inverse maps divide by sin of the angle: quaternion_to_angle_axis uses atan(s/w)/s as a
//    series in s^2/w^2 when s = |(x, y, z)| is small; rotation_matrix_to_angle_axis uses the
//    skew-symmetric part and asin(s)/s as a series near 0, and, past 90 degrees, the symmetric
//    part for the axis (well conditioned up to and at pi, where the skew part vanishes).
//  - at exactly pi the log is not differentiable (the axis' sign is a choice); near it it is.
#pragma once

#include <cmath>
#include <cstddef>
#include <type_traits>

#include "detail/traits.hpp"
#include "linalg.hpp"
#include "mat.hpp"
#include "vec.hpp"

namespace tinydual {
namespace detail {

/// Below this t^2 the series in t^2 (to the t^4 term) are exact to half an ulp: the next term,
/// t^6 / 5040 (sin t / t) or smaller, is below eps / 2 (t < 0.0093 double, t < 0.25 float).
template <class S>
constexpr S small_angle_squared() {
    return sizeof(S) <= 4 ? S(0.0625) : S(8.0e-5);
}

/// sin(t) / t and (1 - cos t) / t^2 for t^2 = t2, exact derivatives at 0.
template <class T>
void rodrigues_coefficients(const T& t2, T& sinc, T& cosc) {
    using S = scalar_t<T>;
    using std::cos;
    using std::sin;
    using std::sqrt;
    if (base_value(t2) < small_angle_squared<S>()) {
        sinc = T(S(1)) - t2 * (T(S(1) / S(6)) - t2 * S(1) / S(120));
        cosc = T(S(0.5)) - t2 * (T(S(1) / S(24)) - t2 * S(1) / S(720));
    } else {
        const T t = sqrt(t2);
        sinc = sin(t) / t;
        cosc = (T(S(1)) - cos(t)) / t2;
    }
}

/// cos(t / 2) and sin(t / 2) / t for t^2 = t2, exact derivatives at 0.
template <class T>
void half_angle_coefficients(const T& t2, T& c, T& sinc_half) {
    using S = scalar_t<T>;
    using std::cos;
    using std::sin;
    using std::sqrt;
    if (base_value(t2) < small_angle_squared<S>()) {
        c = T(S(1)) - t2 * (T(S(1) / S(8)) - t2 * S(1) / S(384));
        sinc_half = T(S(0.5)) - t2 * (T(S(1) / S(48)) - t2 * S(1) / S(3840));
    } else {
        const T t = sqrt(t2);
        c = cos(t / S(2));
        sinc_half = sin(t / S(2)) / t;
    }
}

/// atan2(s, c) / s for s^2 = s2 >= 0 and c > 0: a series in r = s^2 / c^2 while its next term,
/// r^4 / 9, is below half an ulp (r < 5e-4 double, r < 0.02 float).
template <class T>
T atan_ratio(const T& s2, const T& c) {
    using S = scalar_t<T>;
    using std::atan2;
    using std::sqrt;
    const T r = s2 / (c * c);
    if (base_value(r) < (sizeof(S) <= 4 ? S(0.02) : S(5e-4))) {  // atan(u)/u = 1 - u^2/3 + u^4/5 - u^6/7
        return (T(S(1)) - r * (T(S(1) / S(3)) - r * (T(S(1) / S(5)) - r * S(1) / S(7)))) / c;
    }
    const T s = sqrt(s2);
    return atan2(s, c) / s;
}

}  // namespace detail

/// The skew-symmetric matrix [w]x with [w]x p = w x p.
template <class T>
constexpr mat<T, 3, 3> hat(const vec<T, 3>& w) {
    const T z(detail::scalar_t<T>(0));
    return mat<T, 3, 3>{{z, -w[2], w[1]}, {w[2], z, -w[0]}, {-w[1], w[0], z}};
}

/// Rodrigues' formula R = I + sin(t)/t [w]x + (1 - cos t)/t^2 [w]x^2, t = |w|.
template <class T>
mat<T, 3, 3> angle_axis_to_rotation_matrix(const vec<T, 3>& w) {
    using S = detail::scalar_t<T>;
    T sinc, cosc;
    detail::rodrigues_coefficients(squared_norm(w), sinc, cosc);
    const T x = w[0], y = w[1], z = w[2];
    const T one(S(1));
    return mat<T, 3, 3>{{one - cosc * (y * y + z * z), cosc * x * y - sinc * z, cosc * x * z + sinc * y},
                        {cosc * x * y + sinc * z, one - cosc * (x * x + z * z), cosc * y * z - sinc * x},
                        {cosc * x * z - sinc * y, cosc * y * z + sinc * x, one - cosc * (x * x + y * y)}};
}

/// The rotation w applied to p (Rodrigues, without forming the matrix).
template <class T, class P>
auto angle_axis_rotate_point(const vec<T, 3>& w, const vec<P, 3>& p) {
    T sinc, cosc;
    detail::rodrigues_coefficients(squared_norm(w), sinc, cosc);
    const auto wp = cross(w, p);
    const auto wwp = cross(w, wp);
    using R = std::decay_t<decltype(wp[0])>;
    vec<R, 3> r{};
    for (std::size_t i = 0; i < 3; ++i) r[i] = R(p[i]) + sinc * wp[i] + cosc * wwp[i];
    return r;
}

/// The unit quaternion (cos(t/2), sin(t/2) w / t), t = |w|: w >= 0 for angles up to pi.
template <class T>
vec<T, 4> angle_axis_to_quaternion(const vec<T, 3>& w) {
    T c, sh;
    detail::half_angle_coefficients(squared_norm(w), c, sh);
    return vec<T, 4>{c, sh * w[0], sh * w[1], sh * w[2]};
}

/// The angle-axis vector of q = (w, x, y, z) (any non-zero scale; q and -q give the same),
/// angle in [0, pi].
template <class T>
vec<T, 3> quaternion_to_angle_axis(const vec<T, 4>& q) {
    using S = detail::scalar_t<T>;
    const bool flip = detail::base_value(q[0]) < S(0);
    const T c = flip ? -q[0] : q[0];
    const vec<T, 3> v = flip ? vec<T, 3>{-q[1], -q[2], -q[3]} : vec<T, 3>{q[1], q[2], q[3]};
    const T s2 = squared_norm(v);
    if (detail::base_value(s2) == S(0) && detail::base_value(c) == S(0)) return v;  // q = 0: no rotation
    T k;
    if (detail::base_value(c) > S(0)) {
        k = S(2) * detail::atan_ratio(s2, c);
    } else {  // 90 degrees of half angle: c = 0 is fine for atan2, s > 0
        using std::atan2;
        using std::sqrt;
        const T s = sqrt(s2);
        k = S(2) * atan2(s, c) / s;
    }
    return vec<T, 3>{k * v[0], k * v[1], k * v[2]};
}

/// The rotation matrix of q = (w, x, y, z), scaled by 1 / |q|^2 (any non-zero q).
template <class T>
mat<T, 3, 3> quaternion_to_rotation_matrix(const vec<T, 4>& q) {
    using S = detail::scalar_t<T>;
    const T a = q[0], b = q[1], c = q[2], d = q[3];
    const T aa = a * a, bb = b * b, cc = c * c, dd = d * d;
    const T ab = a * b, ac = a * c, ad = a * d, bc = b * c, bd = b * d, cd = c * d;
    const T k = T(S(1)) / (aa + bb + cc + dd);
    const T k2 = S(2) * k;
    return mat<T, 3, 3>{{k * (aa + bb - cc - dd), k2 * (bc - ad), k2 * (ac + bd)},
                        {k2 * (ad + bc), k * (aa - bb + cc - dd), k2 * (cd - ab)},
                        {k2 * (bd - ac), k2 * (ab + cd), k * (aa - bb - cc + dd)}};
}

/// q = (w, x, y, z) applied to p, scaled by 1 / |q|^2 (any non-zero q):
/// p + 2 / |q|^2 (w (v x p) + v x (v x p)), v = (x, y, z).
template <class T, class P>
auto quaternion_rotate_point(const vec<T, 4>& q, const vec<P, 3>& p) {
    using S = detail::scalar_t<T>;
    const vec<T, 3> v{q[1], q[2], q[3]};
    const T k = S(2) / (q[0] * q[0] + squared_norm(v));
    const auto vp = cross(v, p);
    const auto vvp = cross(v, vp);
    using R = std::decay_t<decltype(vp[0])>;
    vec<R, 3> r{};
    for (std::size_t i = 0; i < 3; ++i) r[i] = R(p[i]) + k * (q[0] * vp[i] + vvp[i]);
    return r;
}

/// The unit quaternion of a rotation matrix (Shepperd's method: the branch of the largest of
/// trace and diagonal, so no division by a small number), w >= 0.
template <class T>
vec<T, 4> rotation_matrix_to_quaternion(const mat<T, 3, 3>& R) {
    using S = detail::scalar_t<T>;
    using std::sqrt;
    const T tr = R(0, 0) + R(1, 1) + R(2, 2);
    const S v[4] = {detail::base_value(tr), detail::base_value(R(0, 0)), detail::base_value(R(1, 1)),
                    detail::base_value(R(2, 2))};
    std::size_t k = 0;
    for (std::size_t i = 1; i < 4; ++i)
        if (v[i] > v[k]) k = i;
    vec<T, 4> q{};
    const T one(S(1));
    if (k == 0) {
        const T t = sqrt(one + tr), h = S(0.5) / t;
        q = vec<T, 4>{S(0.5) * t, (R(2, 1) - R(1, 2)) * h, (R(0, 2) - R(2, 0)) * h, (R(1, 0) - R(0, 1)) * h};
    } else {
        const std::size_t i = k - 1, j = (i + 1) % 3, m = (i + 2) % 3;
        const T t = sqrt(one + R(i, i) - R(j, j) - R(m, m)), h = S(0.5) / t;
        q[0] = (R(m, j) - R(j, m)) * h;
        q[1 + i] = S(0.5) * t;
        q[1 + j] = (R(j, i) + R(i, j)) * h;
        q[1 + m] = (R(m, i) + R(i, m)) * h;
        if (detail::base_value(q[0]) < S(0))
            for (std::size_t n = 0; n < 4; ++n) q[n] = -q[n];
    }
    return q;
}

/// The angle-axis vector of a rotation matrix, angle in [0, pi]. Below 90 degrees from the
/// skew-symmetric part, sin(t) a = (R32 - R23, R13 - R31, R21 - R12) / 2, times t / sin t
/// (asin(s)/s as a series near 0); beyond, the axis from the symmetric part, (R + R') / 2 - cos(t) I
/// = (1 - cos t) a a', its largest column normalised, with the sign of the skew part.
template <class T>
vec<T, 3> rotation_matrix_to_angle_axis(const mat<T, 3, 3>& R) {
    using S = detail::scalar_t<T>;
    using std::atan2;
    const T c = (R(0, 0) + R(1, 1) + R(2, 2) - S(1)) * S(0.5);
    const vec<T, 3> v{(R(2, 1) - R(1, 2)) * S(0.5), (R(0, 2) - R(2, 0)) * S(0.5), (R(1, 0) - R(0, 1)) * S(0.5)};
    if (detail::base_value(c) > S(0)) {
        const T k = detail::atan_ratio(squared_norm(v), c);  // t / sin t
        return vec<T, 3>{k * v[0], k * v[1], k * v[2]};
    }
    std::size_t best = 0;
    for (std::size_t i = 1; i < 3; ++i)
        if (detail::base_value(R(i, i)) > detail::base_value(R(best, best))) best = i;
    vec<T, 3> a{};
    for (std::size_t i = 0; i < 3; ++i) a[i] = (R(i, best) + R(best, i)) * S(0.5) - (i == best ? c : T(S(0)));
    a = normalized(a);
    T s = dot(a, v);  // sin t along a
    if (detail::base_value(s) < S(0)) {
        for (std::size_t i = 0; i < 3; ++i) a[i] = -a[i];
        s = -s;
    }
    const T t = atan2(s, c);
    return vec<T, 3>{t * a[0], t * a[1], t * a[2]};
}

/// SO(3)'s exponential map: the rotation matrix of the angle-axis vector w.
template <class T>
mat<T, 3, 3> so3_exp(const vec<T, 3>& w) {
    return angle_axis_to_rotation_matrix(w);
}
/// SO(3)'s logarithm: the angle-axis vector of R, angle in [0, pi].
template <class T>
vec<T, 3> so3_log(const mat<T, 3, 3>& R) {
    return rotation_matrix_to_angle_axis(R);
}

}  // namespace tinydual
