// eigen.hpp: dual and hyper_dual as Eigen scalars. Every case is a functor templated on the scalar,
// as code shared with double and Jet is written, run through tinydual's drivers and checked
// against long-double central differences of the same functor (Eigen runs on long double too):
// products, norm, inverse, determinant, LLT, LDLT, PartialPivLU, FullPivLU, HouseholderQR,
// ColPivHouseholderQR, JacobiSVD, SelfAdjointEigenSolver, Quaternion, AngleAxis, fixed and
// dynamic sizes; then the exact-zero cases (Drake issue 17037, fixed here; Eigen's by-value
// Givens rotations, pinned), mixed double x dual products, NumTraits and the vec/mat conversions.
#include <tinydual/eigen.hpp>  // first: it must come before any Eigen header

#include <Eigen/Dense>
#include <Eigen/Geometry>

#include "support/testing.hpp"

#include <cmath>

using tinydual::dual;
using tinydual::hyper_dual;
using tinydual::mat;
using tinydual::vec;
using tdtest::cast;
using tdtest::central_gradient;
using tdtest::fd_tol;

namespace {

template <class S, int R, int C>
using M = Eigen::Matrix<S, R, C>;
template <class S>
using MX = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
template <class S>
using VX = Eigen::Matrix<S, Eigen::Dynamic, 1>;

/// A well-conditioned, non-symmetric 3 x 3 matrix whose entries depend on the four parameters.
template <class X>
M<typename X::value_type, 3, 3> square3(const X& x) {
    using S = typename X::value_type;
    M<S, 3, 3> B;
    B << S(1) + x[0], x[1], S(0.3),        //
        S(0.2), S(2) + x[2], x[3],         //
        x[3] * x[0], S(0.5), S(1.5) + x[1] * x[2];
    return B;
}
/// n x n (dynamic size: Eigen's blocked, non-unrolled paths), diagonally dominant.
template <class X>
MX<typename X::value_type> square_dynamic(const X& x, int n) {
    using S = typename X::value_type;
    MX<S> B(n, n);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const S coupling = S(0.1 * (i + 1) - 0.05 * j);
            B(i, j) = i == j ? S(3) + x[std::size_t(i % 4)] : coupling + S(0.1 * (i - j)) * x[std::size_t((i + j) % 4)];
        }
    return B;
}
/// B'B + I: symmetric positive definite.
template <class S, class B>
typename B::PlainObject spd(const B& b) {
    typename B::PlainObject a = b.transpose() * b;
    a += B::PlainObject::Identity(b.cols(), b.cols());
    return a;
}
template <class S>
VX<S> numbers(int n, double first, double step) {
    VX<S> v(n);
    for (int i = 0; i < n; ++i) v(i) = S(first + step * i);
    return v;
}

/// The four variables at x0, seeded by hand: every functor runs on the same two scalar types
/// (this dual and long double), so Eigen's templates are instantiated once per type, not once
/// per functor and driver pass (the drivers tag their numbers per call; one case below uses one).
using d4 = dual<double, 4>;
vec<d4, 4> variables(const vec<double, 4>& x0) {
    vec<d4, 4> x;
    for (std::size_t i = 0; i < 4; ++i) x[i] = d4::variable(x0[i], i);
    return x;
}

/// df/dx with duals against long-double central differences of the same functor, at x0.
template <class F>
void check_gradient(F f, const vec<double, 4>& x0) {
    const d4 r = f(variables(x0));
    const vec<long double, 4> xl = cast<long double>(x0);
    const long double value = f(xl);
    const vec<long double, 4> g = central_gradient([&](const vec<long double, 4>& y) { return f(y); }, xl);
    TD_CHECK_CLOSE(r.value(), static_cast<double>(value), 1e-12);
    for (std::size_t i = 0; i < 4; ++i) {
        INFO("partial " << i);
        TD_CHECK_CLOSE(r.partial(i), static_cast<double>(g[i]), fd_tol<double>());
    }
}

const vec<double, 4> point{0.25, -0.375, 0.5, 0.125};

// ---- the functors: one scalar out of each piece of Eigen ----
struct products {
    template <class X>
    auto operator()(const X& x) const {
        using S = typename X::value_type;
        const auto B = square3(x);
        const M<S, 3, 1> v(S(1), S(-2), S(0.5));
        return (B * v).norm() + (B * B.transpose()).trace() + (B.array() * B.array()).sum() / S(7);
    }
};
struct inverse_determinant {
    template <class X>
    auto operator()(const X& x) const {
        using S = typename X::value_type;
        const auto B = square3(x);
        const M<S, 3, 3> Bi = B.inverse();
        return B.determinant() + Bi(0, 1) - S(2) * Bi(2, 0) + square_dynamic(x, 6).determinant() / S(100);
    }
};
template <int Which>
struct solve_with {
    template <class X>
    auto operator()(const X& x) const {
        using S = typename X::value_type;
        const auto B = square3(x);
        const M<S, 3, 3> A = spd<S>(B);
        const M<S, 3, 1> b(S(1) + x[1], S(-0.5), S(2) * x[2]);
        const auto Bd = square_dynamic(x, 7);
        const MX<S> Ad = spd<S>(Bd);
        VX<S> bd = numbers<S>(7, -1.0, 0.4);
        bd(3) += x[0];
        M<S, 3, 1> s;
        VX<S> sd;
        if constexpr (Which == 0) s = A.llt().solve(b), sd = Ad.llt().solve(bd);
        if constexpr (Which == 1) s = A.ldlt().solve(b), sd = Ad.ldlt().solve(bd);
        if constexpr (Which == 2) s = B.partialPivLu().solve(b), sd = Bd.partialPivLu().solve(bd);
        if constexpr (Which == 3) s = B.fullPivLu().solve(b), sd = Bd.fullPivLu().solve(bd);
        if constexpr (Which == 4) s = B.householderQr().solve(b), sd = Bd.householderQr().solve(bd);
        if constexpr (Which == 5) s = B.colPivHouseholderQr().solve(b), sd = Bd.colPivHouseholderQr().solve(bd);
        return s.dot(M<S, 3, 1>(S(0.5), S(1), S(-1.5))) + sd.dot(numbers<S>(7, 0.3, -0.1));
    }
};
struct singular_values {
    template <class X>
    auto operator()(const X& x) const {
        using S = typename X::value_type;
        const Eigen::JacobiSVD<M<S, 3, 3>> svd(square3(x));
        const auto s = svd.singularValues();
        const Eigen::JacobiSVD<MX<S>> svd_dynamic(square_dynamic(x, 5));
        return s(0) + S(2) * s(1) + S(3) * s(2) + svd_dynamic.singularValues().dot(numbers<S>(5, 1.0, 0.5));
    }
};
struct eigenvalues {
    template <class X>
    auto operator()(const X& x) const {
        using S = typename X::value_type;
        const M<S, 3, 3> A = spd<S>(square3(x));
        const Eigen::SelfAdjointEigenSolver<M<S, 3, 3>> es(A);
        const auto& l = es.eigenvalues();
        const Eigen::SelfAdjointEigenSolver<MX<S>> es_dynamic(spd<S>(square_dynamic(x, 5)));
        return l(0) + S(2) * l(1) + S(3) * l(2) + es_dynamic.eigenvalues().dot(numbers<S>(5, 1.0, -0.25));
    }
};
struct rotations {
    template <class X>
    auto operator()(const X& x) const {
        using S = typename X::value_type;
        using V3 = M<S, 3, 1>;
        const Eigen::Quaternion<S> q = Eigen::Quaternion<S>(S(1) + x[0], x[1], x[2], x[3]).normalized();
        const V3 p(S(0.5), S(-1), S(2));
        const V3 w(S(1), S(0.25), S(-0.5));
        const Eigen::AngleAxis<S> aa(S(0.5) + x[0], V3(x[1], S(1) + x[2], x[3]).normalized());
        const Eigen::Quaternion<S> qa(aa);
        return (q * p).dot(w) + q.toRotationMatrix()(0, 1) + (aa.toRotationMatrix() * p).dot(w) +
               (qa * q).coeffs().dot(Eigen::Matrix<S, 4, 1>(S(1), S(2), S(3), S(4)));
    }
};

}  // namespace

TEST_CASE("eigen: products, norm, inverse and determinant give checked derivatives") {
    check_gradient(products{}, point);
    check_gradient(inverse_determinant{}, point);
}

TEST_CASE("eigen: LLT, LDLT, LU and QR solves, fixed and dynamic size") {
    SUBCASE("LLT") { check_gradient(solve_with<0>{}, point); }
    SUBCASE("LDLT") { check_gradient(solve_with<1>{}, point); }
    SUBCASE("PartialPivLU") { check_gradient(solve_with<2>{}, point); }
    SUBCASE("FullPivLU") { check_gradient(solve_with<3>{}, point); }
    SUBCASE("HouseholderQR") { check_gradient(solve_with<4>{}, point); }
    SUBCASE("ColPivHouseholderQR") { check_gradient(solve_with<5>{}, point); }
}

TEST_CASE("eigen: JacobiSVD and SelfAdjointEigenSolver values, Quaternion and AngleAxis") {
    check_gradient(singular_values{}, point);
    check_gradient(eigenvalues{}, point);
    check_gradient(rotations{}, point);

    // Without numeric_limits and NumTraits, epsilon() was 0 and JacobiSVD returned NaN.
    const Eigen::JacobiSVD<M<d4, 3, 3>> svd(square3(variables(point)));
    for (int i = 0; i < 3; ++i) CHECK(std::isfinite(svd.singularValues()(i).value()));
}

TEST_CASE("eigen: a right-hand side entry that is zero in value keeps its derivatives (Drake 17037)") {
    // b(0) = x0 - 0.25 is exactly 0 at the point with derivative 1: Eigen 3.4's triangular solves
    // skip entries that compare equal to zero, so a by-value test would drop d b(0) / dx0.
    const auto f = [](const auto& x) {
        using S = typename std::decay_t<decltype(x)>::value_type;
        const MX<S> A = spd<S>(square_dynamic(x, 6));
        VX<S> b = numbers<S>(6, 0.0, 0.5);
        b(0) = x[0] - S(0.25);
        const M<S, 3, 3> A3 = spd<S>(square3(x));
        const M<S, 3, 1> b3(x[0] - S(0.25), S(0), S(1));
        return A.llt().solve(b).sum() + A.ldlt().solve(b).dot(numbers<S>(6, 1.0, 1.0)) +
               A.template triangularView<Eigen::Lower>().solve(b).sum() + A3.llt().solve(b3).sum();
    };
    check_gradient(f, point);
    // The same solve's derivative, exactly: x = A^-1 b, dx/db0 = A^-1 e0.
    const MX<d4> A = spd<d4>(square_dynamic(vec<d4, 4>{d4(0.25), d4(-0.375), d4(0.5), d4(0.125)}, 6));
    VX<d4> b = VX<d4>::Zero(6);
    b(0) = d4::variable(0.0, 0);
    const VX<d4> x = A.llt().solve(b);
    const Eigen::MatrixXd Av = A.unaryExpr([](const d4& a) { return a.value(); });
    const Eigen::VectorXd expected = Av.inverse().col(0);
    for (int i = 0; i < 6; ++i) TD_CHECK_CLOSE(x(i).partial(0), expected(i), 1e-12);
}

TEST_CASE("eigen: eigenvectors at a matrix diagonal in value lose their derivatives (Eigen limitation)") {
    // A(t) = diag(1, 2, 4) + t (e0 e1' + e1 e0') at t = 0. Exactly: eigenvalues' derivatives are 0,
    // and the first eigenvector moves as d v0 / dt = (v1' A' v0) / (l0 - l1) v1 = -e1. Eigen's
    // Householder and Givens steps skip entries that are zero in value, so the dual's eigenvector
    // derivative is 0: the eigenvalues are right, the eigenvectors' derivatives are not. The README
    // says what to use instead (the perturbation formula on the decomposition of the values).
    const d4 t = d4::variable(0.0, 0);
    M<d4, 3, 3> A = M<d4, 3, 3>::Zero();
    A(0, 0) = d4(1), A(1, 1) = d4(2), A(2, 2) = d4(4);
    A(0, 1) = t, A(1, 0) = t;
    const Eigen::SelfAdjointEigenSolver<M<d4, 3, 3>> es(A);
    for (int i = 0; i < 3; ++i) CHECK(es.eigenvalues()(i).partial(0) == doctest::Approx(0.0));
    const double exact = -1.0 * (es.eigenvectors()(0, 0).value() > 0 ? 1.0 : -1.0);
    const double eigen_gives = es.eigenvectors()(1, 0).partial(0);
    CHECK(std::fabs(eigen_gives - exact) > 0.5);  // pinned: if Eigen fixes this, update the README
}

TEST_CASE("eigen: double times dual matrices, NumTraits, hyper_dual through Eigen") {
    using d3 = dual<double, 3>;
    Eigen::Matrix3d R;
    R << 1, 2, 3, 4, 5, 6, 7, 8, 10;
    M<d3, 3, 3> D;
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) D(i, j) = i == j ? d3::variable(1.0 + i, std::size_t(i)) : d3(0.5 * (i - j));
    const M<d3, 3, 3> RD = R * D, DR = D * R;
    const M<d3, 3, 1> Rv = R * D.col(0);
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
            CHECK(RD(i, j).partial(std::size_t(j)) == doctest::Approx(R(i, j)));
            CHECK(DR(i, j).partial(std::size_t(i)) == doctest::Approx(R(i, j)));
        }
    CHECK(Rv(2).partial(0) == doctest::Approx(7.0));
    // Dynamic sizes (and fixed ones past Eigen's coefficient-based threshold, rows + cols +
    // depth >= 20) go through Eigen's GEMM kernel, which mixes scalar types only for complex
    // numbers: cast the double matrix first.
    const MX<d3> RDd = Eigen::MatrixXd(R).cast<d3>() * MX<d3>(D);
    CHECK(RDd(1, 2).partial(2) == doctest::Approx(6.0));
    const M<d3, 3, 3> scaled = 2.0 * D + D * 0.5;
    CHECK(scaled(1, 1).partial(1) == doctest::Approx(2.5));

    CHECK(Eigen::NumTraits<d3>::epsilon().value() == std::numeric_limits<double>::epsilon());
    CHECK(Eigen::NumTraits<dual<float, 2>>::dummy_precision().value() == Eigen::NumTraits<float>::dummy_precision());
    CHECK(Eigen::NumTraits<dual<dual<double, 1>, 2>>::epsilon().value().value() == std::numeric_limits<double>::epsilon());
    CHECK(Eigen::NumTraits<hyper_dual<double, 2>>::highest().value() == std::numeric_limits<double>::max());

    // Second derivatives through Eigen: the Hessian of det(B(x)) against tinydual's own determinant.
    const auto eigen_det = [](const auto& x) { return square3(x).determinant(); };
    const auto own_det = [](const auto& x) {
        using S = typename std::decay_t<decltype(x)>::value_type;
        const M<S, 3, 3> B = square3(x);
        mat<S, 3, 3> b;
        tinydual::eigen_view(b) = B;
        return tinydual::determinant(b);
    };
    const auto he = tinydual::hessian(eigen_det, point);
    const auto ho = tinydual::hessian(own_det, point);
    TD_CHECK_CLOSE(he.value, ho.value, 1e-14);
    tdtest::check_close(he.hessian, ho.hessian, 1e-13);
}

TEST_CASE("eigen: to_eigen, from_eigen and eigen_view") {
    const vec<double, 3> v{1.0, 2.0, 3.0};
    const mat<float, 2, 3> a{{1.0f, 2.0f, 3.0f}, {4.0f, 5.0f, 6.0f}};
    const Eigen::Vector3d ev = tinydual::to_eigen(v);
    const Eigen::Matrix<float, 2, 3> ea = tinydual::to_eigen(a);
    CHECK(ev(2) == 3.0);
    CHECK(ea(1, 0) == 4.0f);
    CHECK(ea(0, 2) == 3.0f);
    const vec<double, 3> back = tinydual::from_eigen(ev * 2.0);
    CHECK(back[1] == 4.0);
    const mat<float, 3, 2> at = tinydual::from_eigen(ea.transpose());
    CHECK(at(2, 1) == 6.0f);

    vec<double, 3> w{0.0, 0.0, 0.0};
    tinydual::eigen_view(w) = Eigen::Vector3d(7.0, 8.0, 9.0);
    CHECK(w[0] == 7.0);
    mat<float, 2, 3> b{};
    tinydual::eigen_view(b)(1, 2) = 5.0f;  // row-major like mat: element (1, 2), not (2, 1)
    CHECK(b(1, 2) == 5.0f);
    CHECK(tinydual::eigen_view(a).row(1).sum() == 15.0f);
    mat<double, 3, 1> c{};
    tinydual::eigen_view(c)(2) = 1.5;
    CHECK(c(2, 0) == 1.5);

    // A driver's argument through Eigen code: the gradient of |A x|^2 is 2 A'A x.
    const Eigen::Matrix3d A = (Eigen::Matrix3d() << 1, 2, 0, 0, 1, 3, 4, 0, 1).finished();
    const vec<double, 3> x0{0.5, -1.0, 2.0};
    const auto r = tinydual::gradient(
        [&](const auto& x) { return (A * tinydual::eigen_view(x)).squaredNorm(); }, x0);
    const Eigen::Vector3d expected = 2.0 * A.transpose() * A * tinydual::to_eigen(x0);
    for (std::size_t i = 0; i < 3; ++i) TD_CHECK_CLOSE(r.gradient[i], expected(int(i)), 1e-14);
}

TEST_CASE("eigen: the README's example") {
    const Eigen::Matrix3d Ad = (Eigen::Matrix3d() << 4, 1, 0, 1, 3, 1, 0, 1, 2).finished();
    const Eigen::Vector3d b(1, -1, 2);
    auto r = tinydual::gradient([&](const auto& x) {
        using S = typename std::decay_t<decltype(x)>::value_type;
        Eigen::Matrix<S, 3, 3> A = Ad.cast<S>();  A.diagonal() += tinydual::eigen_view(x);
        return A.llt().solve(b.cast<S>()).squaredNorm();
    }, tinydual::vec<double, 3>{1, 2, 3});
    // d |A^-1 b|^2 / d x_i = -2 s' A^-1 e_i e_i' s with s = A^-1 b (A symmetric): -2 (A^-1 s)_i s_i.
    Eigen::Matrix3d A = Ad;
    A.diagonal() += Eigen::Vector3d(1, 2, 3);
    const Eigen::Vector3d s = A.llt().solve(b), t = A.llt().solve(s);
    TD_CHECK_CLOSE(r.value, s.squaredNorm(), 1e-14);
    for (int i = 0; i < 3; ++i) TD_CHECK_CLOSE(r.gradient[std::size_t(i)], -2 * t(i) * s(i), 1e-14);
}
