// rotation.hpp against Ceres' rotation.h (Debian's libceres-dev) with Jets: every map, in value
// and first derivatives, at the angles 0, 1e-8, 1e-4, pi - 1e-6 and random ones, float and
// double. Same seeds on both sides: jet.v[i] against dual.partial(i). (Host only: built into
// tinydual_eigen_tests, as Ceres' Jet needs Eigen.)
#include <tinydual/eigen.hpp>  // before Eigen (ceres/jet.h includes it)

#include <ceres/jet.h>
#include <ceres/rotation.h>

#include "support/testing.hpp"

#include <cmath>

using tinydual::dual;
using tinydual::mat;
using tinydual::vec;

namespace {

template <class T>
using jet = ceres::Jet<T, 3>;
template <class T>
using d3 = dual<T, 3>;

template <class T>
struct seeded {
    jet<T> j[3];
    vec<d3<T>, 3> d;
    explicit seeded(const vec<T, 3>& w) {
        for (std::size_t i = 0; i < 3; ++i) {
            j[i] = jet<T>(w[i], int(i));
            d[i] = d3<T>::variable(w[i], i);
        }
    }
};

template <class T>
TDTEST_NOINLINE void same(const jet<T>* a, const d3<T>* b, std::size_t n, T tol, const char* what) {
    INFO(what);
    for (std::size_t k = 0; k < n; ++k) {
        INFO("element " << k);
        TD_CHECK_CLOSE(b[k].value(), a[k].a, tol);
        for (std::size_t i = 0; i < 3; ++i) TD_CHECK_CLOSE(b[k].partial(i), a[k].v[int(i)], tol);
    }
}

template <class T>
vec<T, 3> test_angle_axis(int k) {
    const double angles[] = {0.0, 1e-8, 1e-4, 0.7, 2.1, 3.14159265358979323846 - 1e-6};
    if (k < 6) {
        const double n = std::sqrt(1.0 + 4.0 + 0.25), a = angles[k];
        return vec<T, 3>{static_cast<T>(a / n), static_cast<T>(-2.0 * a / n), static_cast<T>(0.5 * a / n)};
    }
    tdtest::rng g(static_cast<std::uint64_t>(900 + k));
    return g.vector<T, 3>(-1.7, 1.7);
}

}  // namespace

TEST_CASE_TEMPLATE("rotation vs Ceres rotation.h with Jets: values and first derivatives", T, float, double) {
    const T tol = T(64) * tdtest::eps<T>();
    for (int k = 0; k < 10; ++k) {
        const vec<T, 3> w = test_angle_axis<T>(k);
        INFO("w = " << double(w[0]) << ", " << double(w[1]) << ", " << double(w[2]));
        const bool near_pi = k == 5;
        // Ceres' own error, which the comparison must allow: below t^2 = eps it keeps the first-order
        // terms only (R = I + [w]x, q = (1, w / 2)), so its derivatives are off by O(t); above, it
        // computes (1 - cos t) / t^2 as written, whose derivative loses eps / t^3 to cancellation
        // (~eps / t in the partials). tinydual's series are exact there (tests/rotation.test.cpp).
        const T t = tinydual::norm(w);
        const T ceres_error = t * t < tdtest::eps<T>() ? T(2) * t : (t < T(0.01) ? T(16) * tdtest::eps<T>() / t : T(0));
        const T cmp = std::fmax(T(4) * tol, ceres_error);
        const seeded<T> s(w);
        const jet<T> p[3] = {jet<T>(T(0.5)), jet<T>(T(-1.25)), jet<T>(T(2))};
        const vec<d3<T>, 3> pd{d3<T>(T(0.5)), d3<T>(T(-1.25)), d3<T>(T(2))};

        jet<T> R[9], q[4], aa[3], r[3];
        ceres::AngleAxisToRotationMatrix(s.j, ceres::RowMajorAdapter3x3(R));
        const mat<d3<T>, 3, 3> Rd = tinydual::so3_exp(s.d);
        same(R, Rd.data(), 9, cmp, "AngleAxisToRotationMatrix / so3_exp");

        ceres::AngleAxisToQuaternion(s.j, q);
        const vec<d3<T>, 4> qd = tinydual::angle_axis_to_quaternion(s.d);
        same(q, qd.data(), 4, cmp, "AngleAxisToQuaternion");

        ceres::QuaternionToAngleAxis(q, aa);
        same(aa, tinydual::quaternion_to_angle_axis(qd).data(), 3, cmp, "QuaternionToAngleAxis");

        ceres::RotationMatrixToAngleAxis(ceres::RowMajorAdapter3x3(static_cast<const jet<T>*>(R)), aa);
        // Near pi both logs lose what rounding in R hides (~eps / sin t); they agree to that.
        same(aa, tinydual::so3_log(Rd).data(), 3, near_pi ? T(4) * std::sqrt(tdtest::eps<T>()) : cmp,
             "RotationMatrixToAngleAxis / so3_log");

        ceres::RotationMatrixToQuaternion(ceres::RowMajorAdapter3x3(static_cast<const jet<T>*>(R)), q);
        if (q[0].a < T(0))  // Ceres' Shepperd branch may return -q (the same rotation); tinydual gives w >= 0
            for (jet<T>& e : q) e = -e;
        same(q, tinydual::rotation_matrix_to_quaternion(Rd).data(), 4, near_pi ? T(1e3) * tol : cmp,
             "RotationMatrixToQuaternion");

        ceres::QuaternionToRotation(q, R);
        same(R, tinydual::quaternion_to_rotation_matrix(qd).data(), 9, cmp, "QuaternionToRotation");

        ceres::AngleAxisRotatePoint(s.j, p, r);
        same(r, tinydual::angle_axis_rotate_point(s.d, pd).data(), 3, cmp, "AngleAxisRotatePoint");

        ceres::AngleAxisToQuaternion(s.j, q);
        ceres::QuaternionRotatePoint(q, p, r);
        same(r, tinydual::quaternion_rotate_point(qd, pd).data(), 3, cmp, "QuaternionRotatePoint");
    }
}
