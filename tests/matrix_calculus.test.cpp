// matrix_calculus.hpp: derivatives with respect to matrices (identities.md S6, E6, E7, L7, T1-T5),
// vectorization conventions, and the structured Kronecker and diagonal Jacobians (P3, P4); the
// layer maps (S7, L2-L6) are in matrix_calculus_layers.test.cpp.
// Every case runs at several random points and shapes (square, rectangular, 1 x n, n x 1), in
// both stacking conventions and both layouts, against closed forms built here from plain loops.
#include "support/matrix_reference.hpp"

#include <array>
#include <tuple>
#include <type_traits>

using tinydual::dual;
using tinydual::mat;
using tinydual::vec;

namespace {

using tdtest::check_structured;
using tdtest::column;
using tdtest::eye;
using tdtest::in_layout;
using tdtest::mul;
using tdtest::ref_kron;
using tdtest::tr;

template <class T>
T tol() {
    return tdtest::matrix_tol<T>();
}

template <class T, std::size_t K, std::size_t R, std::size_t C>
mat<dual<T, K>, R, C> random_dual_matrix(tdtest::rng& g) {
    mat<dual<T, K>, R, C> a{};
    for (std::size_t i = 0; i < R; ++i)
        for (std::size_t j = 0; j < C; ++j) a(i, j) = dual<T, K>(static_cast<T>(g.uniform(-2, 2)), g.vector<T, K>(-2, 2));
    return a;
}
template <class T, std::size_t K>
void check_dual_close(const dual<T, K>& a, const dual<T, K>& b, T t) {
    TD_CHECK_CLOSE(a.value(), b.value(), t);
    for (std::size_t k = 0; k < K; ++k) TD_CHECK_CLOSE(a.partial(k), b.partial(k), t);
}

constexpr auto column_stacking = tinydual::column_stacking;
constexpr auto row_stacking = tinydual::row_stacking;
constexpr auto numerator_layout = tinydual::numerator_layout;
constexpr auto denominator_layout = tinydual::denominator_layout;

}  // namespace

// ---------------------------------------------------------------------------------------------
// Vectorization
// ---------------------------------------------------------------------------------------------

TEST_CASE_TEMPLATE("vectorize stacks columns, vectorize_rows stacks rows; unvectorize inverts both", T, float, double) {
    const mat<T, 2, 3> A{{1, 2, 3}, {4, 5, 6}};
    CHECK(tinydual::vectorize(A) == vec<T, 6>{1, 4, 2, 5, 3, 6});
    CHECK(tinydual::vectorize_rows(A) == vec<T, 6>{1, 2, 3, 4, 5, 6});
    CHECK(tinydual::vectorize(A, column_stacking) == tinydual::vectorize(A));
    CHECK(tinydual::vectorize(A, row_stacking) == tinydual::vectorize_rows(A));
    CHECK(tinydual::unvectorize<2, 3>(tinydual::vectorize(A)) == A);
    CHECK(tinydual::unvectorize_rows<2, 3>(tinydual::vectorize_rows(A)) == A);
    CHECK(tinydual::unvectorize<2, 3>(tinydual::vectorize_rows(A), row_stacking) == A);
    CHECK(tinydual::unvectorize<2, 3>(tinydual::vectorize(A), column_stacking) == A);
    // vec(A) = vec_r(A^T)
    CHECK(tinydual::vectorize(A) == tinydual::vectorize_rows(tinydual::transpose(A)));
    // 1 x n and n x 1: both conventions give the same vector
    const mat<T, 1, 3> r{{7, 8, 9}};
    const mat<T, 3, 1> c{{7}, {8}, {9}};
    CHECK(tinydual::vectorize(r) == tinydual::vectorize_rows(r));
    CHECK(tinydual::vectorize(c) == tinydual::vectorize_rows(c));
    const vec<T, 3> v{7, 8, 9};
    CHECK(tinydual::vectorize(v) == v);
    CHECK(tinydual::vectorize_rows(v) == v);
}

// ---------------------------------------------------------------------------------------------
// S6, E7, T3, T4: scalar functions of a matrix; the gradient is shaped like X
// ---------------------------------------------------------------------------------------------

namespace {
template <class T, std::size_t R, std::size_t C>
void check_matrix_gradients(std::uint64_t seed) {
    tdtest::rng g(seed);
    for (int point = 0; point < 3; ++point) {
        const auto X = g.matrix<T, R, C>(-2, 2);
        const auto A = g.matrix<T, C, R>(-2, 2);
        // S6 / E7: y = sum_ij X_ij^2, dy/dX = 2X, shaped like X
        const auto [y, G] = tinydual::gradient([](const auto& Z) { return sum(hadamard(Z, Z)); }, X);
        static_assert(std::is_same<std::decay_t<decltype(G)>, mat<T, R, C>>::value, "gradient is shaped like X");
        static_assert(std::is_same<std::decay_t<decltype(y)>, T>::value, "value is T");
        T ysum(0);
        for (std::size_t i = 0; i < R; ++i)
            for (std::size_t j = 0; j < C; ++j) ysum += X(i, j) * X(i, j);
        TD_CHECK_CLOSE(y, ysum, tol<T>());
        tdtest::check_close(G, X * T(2), tol<T>());
        // T3: d tr(A X) / dX = A^T
        tdtest::check_close(tinydual::gradient([&](const auto& Z) { return trace(A * Z); }, X).gradient, tr(A), tol<T>());
        // T4: d tr(X^T X) / dX = d ||X||_F^2 / dX = 2X, and ||X||_F = sqrt(tr(X^T X))
        tdtest::check_close(tinydual::gradient([](const auto& Z) { return trace(transpose(Z) * Z); }, X).gradient, X * T(2),
                            tol<T>());
        const auto nf = tinydual::gradient(
            [](const auto& Z) {
                const auto n = frobenius_norm(Z);
                return n * n;
            },
            X);
        tdtest::check_close(nf.gradient, X * T(2), tol<T>());
        TD_CHECK_CLOSE(tinydual::frobenius_norm(X), std::sqrt(tinydual::trace(tinydual::transpose(X) * X)), tol<T>());
        // d ||X||_F / dX = X / ||X||_F
        tdtest::check_close(tinydual::gradient([](const auto& Z) { return frobenius_norm(Z); }, X).gradient,
                            X / tinydual::frobenius_norm(X), tol<T>());
        // The gradient is the transpose of the 1 x RC Jacobian, in either stacking.
        auto f = [&](const auto& Z) { return trace(A * Z) + sum(hadamard(Z, Z)); };
        const auto Gf = tinydual::gradient(f, X).gradient;
        const auto Jc = tinydual::jacobian(f, X).jacobian;
        const auto Jr = tinydual::jacobian(f, X, row_stacking).jacobian;
        const auto Jd = tinydual::jacobian(f, X, denominator_layout, row_stacking).jacobian;
        static_assert(std::is_same<std::decay_t<decltype(Jc)>, mat<T, 1, R * C>>::value, "S4-like row");
        static_assert(std::is_same<std::decay_t<decltype(Jd)>, mat<T, R * C, 1>>::value, "denominator column");
        for (std::size_t k = 0; k < R * C; ++k) {
            TD_CHECK_CLOSE(Jc(0, k), tinydual::vectorize(Gf)[k], tol<T>());
            TD_CHECK_CLOSE(Jr(0, k), tinydual::vectorize_rows(Gf)[k], tol<T>());
            TD_CHECK_CLOSE(Jd(k, 0), tinydual::vectorize_rows(Gf)[k], tol<T>());
        }
    }
}
}  // namespace

TEST_CASE_TEMPLATE("S6, T3, T4: gradient(f, X) is shaped like X (square, rectangular, 1 x n, n x 1)", T, float, double) {
    check_matrix_gradients<T, 2, 3>(11);
    check_matrix_gradients<T, 2, 2>(12);
    check_matrix_gradients<T, 1, 4>(13);
    check_matrix_gradients<T, 4, 1>(14);
}

namespace {
// A function written for the exact argument type the matrix drivers pass.
template <class T>
dual<T, 6> weighted_sum(const tinydual::matrix_input_t<mat<T, 2, 3>>& X) {
    return X(0, 0) + T(2) * X(1, 2);
}
}  // namespace

TEST_CASE_TEMPLATE("matrix_input_t names what f receives for a matrix point", T, float, double) {
    static_assert(std::is_same<tinydual::matrix_input_t<mat<T, 2, 3>>, mat<dual<T, 6>, 2, 3>>::value, "mat of duals");
    const auto G = tinydual::gradient(weighted_sum<T>, mat<T, 2, 3>{}).gradient;
    CHECK(G == mat<T, 2, 3>{{1, 0, 0}, {0, 0, 2}});
}

TEST_CASE_TEMPLATE("E7: dy/dX of sum X_ij^2 and of det X for X = [[x0, x1], [x2, x3]]", T, float, double) {
    tdtest::rng g(21);
    for (int point = 0; point < 4; ++point) {
        const auto X = g.matrix<T, 2, 2>(-2, 2);
        tdtest::check_close(tinydual::gradient([](const auto& Z) { return sum(hadamard(Z, Z)); }, X).gradient, X * T(2),
                            tol<T>());
        const auto [d, G] = tinydual::gradient([](const auto& Z) { return determinant(Z); }, X);
        TD_CHECK_CLOSE(d, X(0, 0) * X(1, 1) - X(0, 1) * X(1, 0), tol<T>());
        const mat<T, 2, 2> expected{{X(1, 1), -X(1, 0)}, {-X(0, 1), X(0, 0)}};
        tdtest::check_close(G, expected, tol<T>());
    }
}

// ---------------------------------------------------------------------------------------------
// E6: a matrix-valued function of a vector, d vectorize(Y) / dx
// ---------------------------------------------------------------------------------------------

TEST_CASE_TEMPLATE("E6: jacobian(f, x) of a 2 x 2 matrix output, both stackings and layouts, tags in any order", T,
                   float, double) {
    auto f = [](const auto& v) {
        const auto &x = v[0], &y = v[1], &z = v[2];
        using D = std::decay_t<decltype(x)>;
        return mat<D, 2, 2>{{x * x * y * z, x * y * y * z}, {y * z * z, log(x * y * z)}};
    };
    tdtest::rng g(31);
    for (int point = 0; point < 4; ++point) {
        const auto p = g.vector<T, 3>(0.5, 2);
        const T x = p[0], y = p[1], z = p[2];
        // dY/dx, dY/dy, dY/dz as in identities.md
        const mat<T, 2, 2> dx{{2 * x * y * z, y * y * z}, {0, 1 / x}};
        const mat<T, 2, 2> dy{{x * x * z, 2 * x * y * z}, {z * z, 1 / y}};
        const mat<T, 2, 2> dz{{x * x * y, x * y * y}, {2 * y * z, 1 / z}};
        const mat<T, 2, 2>* d[3] = {&dx, &dy, &dz};
        mat<T, 4, 3> Jc{}, Jr{};
        for (std::size_t k = 0; k < 3; ++k) {
            const auto c = tinydual::vectorize(*d[k]);
            const auto r = tinydual::vectorize_rows(*d[k]);
            for (std::size_t i = 0; i < 4; ++i) {
                Jc(i, k) = c[i];
                Jr(i, k) = r[i];
            }
        }
        const auto r0 = tinydual::jacobian(f, p);  // derivatives.hpp's driver: column stacking
        static_assert(std::is_same<std::decay_t<decltype(r0.value)>, mat<T, 2, 2>>::value, "value keeps f's shape");
        static_assert(std::is_same<std::decay_t<decltype(r0.jacobian)>, mat<T, 4, 3>>::value, "4 x 3");
        TD_CHECK_CLOSE(r0.value(1, 1), std::log(x * y * z), tol<T>());
        tdtest::check_close(r0.jacobian, Jc, tol<T>());
        tdtest::check_close(tinydual::jacobian(f, p, column_stacking).jacobian, Jc, tol<T>());
        tdtest::check_close(tinydual::jacobian(f, p, numerator_layout, column_stacking).jacobian, Jc, tol<T>());
        tdtest::check_close(tinydual::jacobian(f, p, row_stacking).jacobian, Jr, tol<T>());
        tdtest::check_close(tinydual::jacobian(f, p, denominator_layout).jacobian, tr(Jc), tol<T>());
        tdtest::check_close(tinydual::jacobian(f, p, row_stacking, denominator_layout).jacobian, tr(Jr), tol<T>());
        tdtest::check_close(tinydual::jacobian(f, p, denominator_layout, row_stacking).jacobian, tr(Jr), tol<T>());
        tdtest::check_close(tinydual::jacobian(f, p, column_stacking, denominator_layout).jacobian, tr(Jc), tol<T>());
        const std::array<T, 3> pa{x, y, z};
        tdtest::check_close(tinydual::jacobian(f, pa, row_stacking).jacobian, Jr, tol<T>());
        tdtest::check_close(tinydual::jacobian(f, pa).jacobian, Jc, tol<T>());
        // S3: derivative along one coordinate, shaped like Y
        const auto s3 = tinydual::derivative(
            [&](auto t) {
                using D = decltype(t);
                return f(vec<D, 3>{t, D(y), D(z)});
            },
            x);
        tdtest::check_close(s3.derivative, dx, tol<T>());
    }
}

// ---------------------------------------------------------------------------------------------
// L7: x^T A x
// ---------------------------------------------------------------------------------------------

TEST_CASE_TEMPLATE("L7: x^T A x has gradient (A + A^T) x and Hessian A + A^T", T, float, double) {
    tdtest::rng g(71);
    for (int point = 0; point < 3; ++point) {
        const auto A = g.matrix<T, 3, 3>(-2, 2);
        const auto x = g.vector<T, 3>(-2, 2);
        auto q = [&](const auto& v) { return dot(v, A * v); };
        const auto S = A + tr(A);
        tdtest::check_close(tinydual::gradient(q, x).gradient, S * x, tol<T>());
        // Hessian as the Jacobian of the gradient (nested duals), in both layouts (symmetric)
        auto grad = [&](const auto& v) { return tinydual::gradient(q, v).gradient; };
        tdtest::check_close(tinydual::jacobian(grad, x).jacobian, S, tol<T>());
        tdtest::check_close(tinydual::jacobian(grad, x, denominator_layout).jacobian, S, tol<T>());
        // With x a 3 x 1 matrix point: x^T A x = tr(X^T A X)
        const auto X = column(x);
        tdtest::check_close(tinydual::gradient([&](const auto& Z) { return trace(transpose(Z) * A * Z); }, X).gradient,
                            column(S * x), tol<T>());
    }
}

// ---------------------------------------------------------------------------------------------
// T1, T2, T5: trace identities on dual-valued matrices
// ---------------------------------------------------------------------------------------------

TEST_CASE_TEMPLATE("T1: tr(A + B) = tr A + tr B, tr(cA) = c tr A, tr A = tr A^T, for dual-valued matrices", T, float,
                   double) {
    tdtest::rng g(81);
    for (int point = 0; point < 4; ++point) {
        const auto A = random_dual_matrix<T, 3, 3, 3>(g);
        const auto B = random_dual_matrix<T, 3, 3, 3>(g);
        const dual<T, 3> c(static_cast<T>(g.uniform(-2, 2)), g.vector<T, 3>(-1, 1));
        check_dual_close(trace(A + B), trace(A) + trace(B), tol<T>());
        mat<dual<T, 3>, 3, 3> cA{};
        for (std::size_t i = 0; i < 3; ++i)
            for (std::size_t j = 0; j < 3; ++j) cA(i, j) = c * A(i, j);
        check_dual_close(trace(cA), c * trace(A), tol<T>());
        check_dual_close(trace(A), trace(transpose(A)), tol<T>());
    }
}

TEST_CASE_TEMPLATE("T2: the trace is cyclic: tr(AB) = tr(BA), tr(ABC) = tr(CAB) = tr(BCA); tr(ACB) differs", T, float,
                   double) {
    tdtest::rng g(82);
    for (int point = 0; point < 4; ++point) {
        const auto A = random_dual_matrix<T, 2, 2, 3>(g);
        const auto B = random_dual_matrix<T, 2, 3, 2>(g);
        check_dual_close(trace(A * B), trace(B * A), tol<T>());
        const auto B4 = random_dual_matrix<T, 2, 3, 4>(g);
        const auto C = random_dual_matrix<T, 2, 4, 2>(g);
        const auto abc = trace(A * B4 * C);
        check_dual_close(abc, trace(C * A * B4), tol<T>());
        check_dual_close(abc, trace(B4 * C * A), tol<T>());
    }
    // Not an identity: tr(ACB) != tr(ABC) for a random case (the notes list it).
    const auto A = g.matrix<T, 3, 3>(-2, 2);
    const auto B = g.matrix<T, 3, 3>(-2, 2);
    const auto C = g.matrix<T, 3, 3>(-2, 2);
    const T abc = tinydual::trace(A * B * C), acb = tinydual::trace(A * C * B);
    INFO("tr(ABC) = " << abc << ", tr(ACB) = " << acb);
    CHECK(std::fabs(abc - acb) > T(0.1) * std::fmax(T(1), std::fabs(abc)));
}

TEST_CASE_TEMPLATE("T5: d(U^T V) = dU^T V + U^T dV for matrix functions of t", T, float, double) {
    tdtest::rng g(85);
    for (int point = 0; point < 3; ++point) {
        const auto U0 = g.matrix<T, 3, 2>(-1, 1), U1 = g.matrix<T, 3, 2>(-1, 1), U2 = g.matrix<T, 3, 2>(-1, 1);
        const auto V0 = g.matrix<T, 3, 4>(-1, 1), V1 = g.matrix<T, 3, 4>(-1, 1);
        const T t0 = static_cast<T>(g.uniform(-1, 1));
        // U(t) = U0 + t U1 + t^2 U2, V(t) = V0 + sin(t) V1, for t a T or a dual
        auto U = [&](auto t) {
            mat<decltype(t), 3, 2> r{};
            for (std::size_t k = 0; k < 6; ++k) r.data()[k] = U0.data()[k] + U1.data()[k] * t + U2.data()[k] * (t * t);
            return r;
        };
        auto V = [&](auto t) {
            using std::sin;
            mat<decltype(t), 3, 4> r{};
            for (std::size_t k = 0; k < 12; ++k) r.data()[k] = V0.data()[k] + V1.data()[k] * sin(t);
            return r;
        };
        const auto r = tinydual::derivative([&](auto t) { return tinydual::transpose(U(t)) * V(t); }, t0);
        static_assert(std::is_same<std::decay_t<decltype(r.derivative)>, mat<T, 2, 4>>::value, "shaped like U^T V");
        const auto dU = U1 + U2 * (T(2) * t0);
        const auto dV = V1 * std::cos(t0);
        const auto expected = mul(tr(dU), V(t0)) + mul(tr(U(t0)), dV);
        tdtest::check_close(r.derivative, expected, tol<T>());
        tdtest::check_close(r.value, mul(tr(U(t0)), V(t0)), tol<T>());
    }
}

// ---------------------------------------------------------------------------------------------
// P3, P4: Kronecker mixed product and transpose, plain, dual-valued and structured
// ---------------------------------------------------------------------------------------------

TEST_CASE_TEMPLATE("P3: (A (x) B)(C (x) D) = (AC) (x) (BD); P4: (A (x) B)^T = A^T (x) B^T", T, float, double) {
    tdtest::rng g(91);
    for (int point = 0; point < 3; ++point) {
        const auto A = g.matrix<T, 2, 3>(-2, 2);
        const auto B = g.matrix<T, 1, 2>(-2, 2);
        const auto C = g.matrix<T, 3, 2>(-2, 2);
        const auto D = g.matrix<T, 2, 4>(-2, 2);
        tdtest::check_close(kron(A, B) * kron(C, D), kron(A * C, B * D), tol<T>());
        tdtest::check_close(transpose(kron(A, B)), kron(transpose(A), transpose(B)), tol<T>());
        // dual-valued: the identities hold for the partials too
        const auto Ad = random_dual_matrix<T, 2, 2, 3>(g);
        const auto Bd = random_dual_matrix<T, 2, 3, 2>(g);
        const auto Cd = random_dual_matrix<T, 2, 3, 1>(g);
        const auto Dd = random_dual_matrix<T, 2, 2, 2>(g);
        const auto lhs = kron(Ad, Bd) * kron(Cd, Dd);
        const auto rhs = kron(Ad * Cd, Bd * Dd);
        for (std::size_t k = 0; k < lhs.size(); ++k) check_dual_close(lhs.data()[k], rhs.data()[k], tol<T>());
        const auto lt = transpose(kron(Ad, Bd));
        const auto rt = kron(transpose(Ad), transpose(Bd));
        for (std::size_t k = 0; k < lt.size(); ++k) check_dual_close(lt.data()[k], rt.data()[k], tol<T>());
        // structured: the product and the transpose stay Kronecker products
        using tinydual::identity_matrix;
        using tinydual::kron_jacobian;
        const kron_jacobian<mat<T, 2, 3>, mat<T, 1, 2>> kab{A, B};
        const kron_jacobian<mat<T, 3, 2>, mat<T, 2, 4>> kcd{C, D};
        check_structured<T>(kab * kcd, ref_kron(mul(A, C), mul(B, D)), g);
        check_structured<T>(kab.transpose(), ref_kron(tr(A), tr(B)), g);
        const kron_jacobian<identity_matrix<T, 3>, mat<T, 2, 4>> kid{{}, D};
        check_structured<T>(kid, ref_kron(eye<T, 3>(), D), g);
        check_structured<T>(kab * kid, ref_kron(A, mul(B, D)), g);
        const kron_jacobian<mat<T, 3, 2>, identity_matrix<T, 2>> kci{C, {}};
        check_structured<T>(kci, ref_kron(C, eye<T, 2>()), g);
        check_structured<T>(kci.transpose(), ref_kron(tr(C), eye<T, 2>()), g);
    }
}

// ---------------------------------------------------------------------------------------------
// Diagonal Jacobians of element-wise maps
// ---------------------------------------------------------------------------------------------

TEST_CASE_TEMPLATE("elementwise_jacobian: the diagonal of an element-wise map in one direction", T, float, double) {
    tdtest::rng g(95);
    for (int point = 0; point < 3; ++point) {
        const auto w = g.vector<T, 4>(-2, 2);
        const auto x = g.vector<T, 4>(0.5, 2);
        auto f = [&](const auto& v) { return sin(v) + w / v; };  // W4-like: d/dx (w / x) = -w / x^2, element-wise
        const auto [y, J] = tinydual::elementwise_jacobian(f, x);
        static_assert(std::is_same<std::decay_t<decltype(J)>, tinydual::diagonal_jacobian<T, 4>>::value, "diagonal");
        const auto dense = tinydual::jacobian(f, x);
        tdtest::check_close(y, dense.value, tol<T>());
        check_structured<T>(J, dense.jacobian, g);
        for (std::size_t i = 0; i < 4; ++i) TD_CHECK_CLOSE(J.diagonal[i], std::cos(x[i]) - w[i] / (x[i] * x[i]), tol<T>());
        check_structured<T>(J.transpose(), dense.jacobian, g);
    }
}
