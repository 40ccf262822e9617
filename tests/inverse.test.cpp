// inverse.hpp, determinant and inverse: closed forms (1..4) and LU (5, 6) against closed forms and
// A A^-1 = I; the singularity rule on singular, near-singular, badly scaled and non-finite
// matrices; inverse_result's optional-like interface; and the derivatives (identities.md T6, T7)
// for dual, nested dual and hyper_dual elements.
#include "support/testing.hpp"

#include <limits>
#include <type_traits>

using tinydual::dual;
using tinydual::hyper_dual;
using tinydual::mat;
using tinydual::vec;

namespace {

template <class T>
T tol() {
    return tdtest::closed_form_tol<T>() * T(16);
}

/// A random matrix with a dominant diagonal: well conditioned (kappa below ~10).
template <class T, std::size_t N>
mat<T, N, N> well_conditioned(tdtest::rng& g) {
    auto a = g.matrix<T, N, N>(-1, 1);
    for (std::size_t i = 0; i < N; ++i) a(i, i) += static_cast<T>(N) + T(1);
    return a;
}

template <class T, std::size_t N>
mat<T, N, N> eye() {
    mat<T, N, N> r{};
    for (std::size_t i = 0; i < N; ++i) r(i, i) = T(1);
    return r;
}

template <class T, std::size_t R, std::size_t K, std::size_t C>
mat<T, R, C> mul(const mat<T, R, K>& a, const mat<T, K, C>& b) {
    mat<T, R, C> r{};
    for (std::size_t i = 0; i < R; ++i)
        for (std::size_t j = 0; j < C; ++j)
            for (std::size_t k = 0; k < K; ++k) r(i, j) += a(i, k) * b(k, j);
    return r;
}

/// The determinant by the Leibniz formula (sum over permutations), the independent reference.
template <class T, std::size_t N>
T leibniz(const mat<T, N, N>& a) {
    std::size_t p[N];
    for (std::size_t i = 0; i < N; ++i) p[i] = i;
    T det(0);
    for (;;) {
        // sign by counting inversions
        std::size_t inv = 0;
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t j = i + 1; j < N; ++j) inv += p[i] > p[j] ? 1u : 0u;
        T term(1);
        for (std::size_t i = 0; i < N; ++i) term *= a(i, p[i]);
        det += inv % 2 ? -term : term;
        // next permutation
        std::size_t i = N - 1;
        while (i > 0 && p[i - 1] > p[i]) --i;
        if (i == 0) break;
        std::size_t j = N - 1;
        while (p[j] < p[i - 1]) --j;
        const std::size_t t = p[i - 1];
        p[i - 1] = p[j];
        p[j] = t;
        for (std::size_t l = i, r = N - 1; l < r; ++l, --r) {
            const std::size_t u = p[l];
            p[l] = p[r];
            p[r] = u;
        }
    }
    return det;
}

template <class T, std::size_t N>
void check_identity(const mat<T, N, N>& m, T t) {
    tdtest::check_close(m, eye<T, N>(), t);
}

template <class T, std::size_t N>
void check_det_and_inverse(std::uint64_t seed) {
    tdtest::rng g(seed);
    for (int point = 0; point < 4; ++point) {
        // random entries (det against Leibniz) and a well-conditioned matrix (inverse)
        const auto R = g.matrix<T, N, N>(-2, 2);
        TD_CHECK_CLOSE(tinydual::determinant(R), leibniz(R), tol<T>() * T(4));
        TD_CHECK_CLOSE(tinydual::determinant(tinydual::transpose(R)), tinydual::determinant(R), tol<T>() * T(4));
        const auto A = well_conditioned<T, N>(g);
        TD_CHECK_CLOSE(tinydual::determinant(A) / leibniz(A), T(1), tol<T>());
        const auto inv = tinydual::inverse(A);
        CHECK(static_cast<bool>(inv));
        if (!inv) return;
        CHECK(inv.has_value());
        check_identity(mul(A, *inv), tol<T>());
        check_identity(mul(*inv, A), tol<T>());
        // det(A B) = det A det B; det(cA) = c^n det A
        const auto B = well_conditioned<T, N>(g);
        TD_CHECK_CLOSE(tinydual::determinant(mul(A, B)) / (tinydual::determinant(A) * tinydual::determinant(B)), T(1),
                       tol<T>());
        T cn(1);
        for (std::size_t i = 0; i < N; ++i) cn *= T(-2);
        TD_CHECK_CLOSE(tinydual::determinant(A * T(-2)) / (cn * tinydual::determinant(A)), T(1), tol<T>());
    }
    // triangular: the product of the diagonal; a row swap flips the sign
    auto U = g.matrix<T, N, N>(-2, 2);
    T diag(1);
    for (std::size_t i = 0; i < N; ++i) {
        for (std::size_t j = 0; j < i; ++j) U(i, j) = T(0);
        U(i, i) = static_cast<T>(i + 2);
        diag *= U(i, i);
    }
    TD_CHECK_CLOSE(tinydual::determinant(U), diag, tol<T>());
    if constexpr (N >= 2) {
        auto S = U;
        for (std::size_t j = 0; j < N; ++j) {
            const T t = S(0, j);
            S(0, j) = S(N - 1, j);
            S(N - 1, j) = t;
        }
        TD_CHECK_CLOSE(tinydual::determinant(S), -diag, tol<T>());
    }
    CHECK(tinydual::determinant(eye<T, N>()) == T(1));
    check_identity(*tinydual::inverse(eye<T, N>()), T(0));
}

}  // namespace

TEST_CASE_TEMPLATE("determinant and inverse of sizes 1 to 6: Leibniz, A A^-1 = A^-1 A = I, det(AB), det(cA)", T, float,
                   double) {
    check_det_and_inverse<T, 1>(101);
    check_det_and_inverse<T, 2>(102);
    check_det_and_inverse<T, 3>(103);
    check_det_and_inverse<T, 4>(104);
    check_det_and_inverse<T, 5>(105);
    check_det_and_inverse<T, 6>(106);
    // the 4 x 4 closed form and LU agree
    tdtest::rng g(107);
    const auto A = g.matrix<T, 4, 4>(-2, 2);
    TD_CHECK_CLOSE(tinydual::determinant(A), tinydual::detail::lu_determinant(A), tol<T>() * T(4));
    // the closed forms by hand
    const mat<T, 2, 2> A2{{3, 1}, {4, 2}};
    CHECK(tinydual::determinant(A2) == T(2));
    const auto inv2 = tinydual::inverse(A2);
    CHECK(inv2);
    if (!inv2) return;
    tdtest::check_close(*inv2, mat<T, 2, 2>{{1, T(-0.5)}, {-2, T(1.5)}}, tol<T>());
    const mat<T, 3, 3> A3{{1, 2, 3}, {0, 1, 4}, {5, 6, 0}};
    CHECK(tinydual::determinant(A3) == T(1));
    const auto inv3 = tinydual::inverse(A3);
    CHECK(inv3);
    if (!inv3) return;
    tdtest::check_close(*inv3, mat<T, 3, 3>{{-24, 18, 5}, {20, -15, -4}, {-5, 4, 1}}, tol<T>() * T(32));
}

TEST_CASE("determinant is constexpr for plain numbers") {
    constexpr mat<double, 2, 2> A{{3, 1}, {4, 2}};
    static_assert(tinydual::determinant(A) == 2.0, "2 x 2 closed form at compile time");
    constexpr mat<double, 3, 3> B{{1, 2, 3}, {0, 1, 4}, {5, 6, 0}};
    static_assert(tinydual::determinant(B) == 1.0, "3 x 3 closed form at compile time");
    CHECK(true);
}

// ---------------------------------------------------------------------------------------------
// The singularity rule
// ---------------------------------------------------------------------------------------------

namespace {
template <class T, std::size_t N>
void check_singular(std::uint64_t seed) {
    tdtest::rng g(seed);
    CHECK_FALSE(tinydual::inverse(mat<T, N, N>{}));  // zero
    // integer matrices (exact in T) with a zero row, a zero column, a repeated row, a row that is
    // a sum of two others, rank one
    auto base = [&] {
        mat<T, N, N> a{};
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t j = 0; j < N; ++j) a(i, j) = static_cast<T>(static_cast<int>(g.uniform(-5, 5)));
        for (std::size_t i = 0; i < N; ++i) a(i, i) += static_cast<T>(12);
        return a;
    };
    {
        auto a = base();
        for (std::size_t j = 0; j < N; ++j) a(N - 1, j) = T(0);
        CHECK_FALSE(tinydual::inverse(a));
        CHECK(tinydual::determinant(a) == T(0));
    }
    {
        auto a = base();
        for (std::size_t i = 0; i < N; ++i) a(i, 0) = T(0);
        CHECK_FALSE(tinydual::inverse(a));
    }
    if constexpr (N >= 2) {
        auto a = base();
        for (std::size_t j = 0; j < N; ++j) a(N - 1, j) = a(0, j);
        CHECK_FALSE(tinydual::inverse(a));
        CHECK(std::fabs(tinydual::determinant(a)) <= T(1e3) * tdtest::eps<T>());
        auto r = base();
        for (std::size_t j = 0; j < N; ++j) r(N - 1, j) = T(3) * r(0, j);
        CHECK_FALSE(tinydual::inverse(r));
    }
    if constexpr (N >= 3) {
        auto a = base();
        for (std::size_t j = 0; j < N; ++j) a(2, j) = a(0, j) + a(1, j);
        CHECK_FALSE(tinydual::inverse(a));
        mat<T, N, N> o{};  // rank one: u v^T
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t j = 0; j < N; ++j) o(i, j) = static_cast<T>((i + 1) * (j % 3 + 1));
        CHECK_FALSE(tinydual::inverse(o));
    }
    // rank n - 1 in exact arithmetic, rounded to T: singular to working precision
    if constexpr (N >= 2) {
        for (int trial = 0; trial < 50; ++trial) {
            const auto U = g.matrix<T, N, N - 1>(-1, 1);
            const auto V = g.matrix<T, N - 1, N>(-1, 1);
            const auto a = U * V;
            INFO("trial " << trial);
            CHECK_FALSE(tinydual::inverse(a));
        }
    }
    // NaN and infinity
    auto n = well_conditioned<T, N>(g);
    n(0, N - 1) = std::numeric_limits<T>::quiet_NaN();
    CHECK_FALSE(tinydual::inverse(n));
    n(0, N - 1) = std::numeric_limits<T>::infinity();
    CHECK_FALSE(tinydual::inverse(n));
}

// I with a first row of ones and the last row equal to it plus k eps in the last column:
// kappa ~ 1 / (k eps), whatever the row and column scaling ([[1, 1], [1, 1 + k eps]] for N = 2).
template <class T, std::size_t N>
mat<T, N, N> near_singular(T k) {
    auto a = eye<T, N>();
    for (std::size_t j = 0; j < N; ++j) a(0, j) = T(1);
    for (std::size_t j = 0; j < N; ++j) a(N - 1, j) = a(0, j);
    a(N - 1, N - 1) += k * tdtest::eps<T>();
    return a;
}

template <class T, std::size_t N>
void check_near_singular_and_scaling(std::uint64_t seed) {
    if constexpr (N >= 2) {
        CHECK_FALSE(tinydual::inverse(near_singular<T, N>(T(1))));
        CHECK_FALSE(tinydual::inverse(near_singular<T, N>(T(0.25))));  // rounds to exactly singular
        const auto a = near_singular<T, N>(T(1 << 12));
        const auto inv = tinydual::inverse(a);
        CHECK(inv);
        if (!inv) return;
        // kappa ~ 2^-12 / eps: the residual is still small relative to |A| |A^-1|
        const auto r = mul(a, *inv);
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t j = 0; j < N; ++j) CHECK(std::fabs(r(i, j) - (i == j ? T(1) : T(0))) < T(0.01));
    }
    // badly scaled but well conditioned: D1 A D2 with D1, D2 spanning many orders of magnitude
    tdtest::rng g(seed);
    const auto A = well_conditioned<T, N>(g);
    const T big = sizeof(T) == 4 ? T(1e15f) : T(1e100);
    mat<T, N, N> S = A;
    vec<T, N> d1{}, d2{};
    for (std::size_t i = 0; i < N; ++i) {
        d1[i] = i % 2 ? big : T(1) / big;
        d2[i] = i % 3 == 1 ? T(1) / big : (i % 3 == 2 ? big : T(1));
    }
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = 0; j < N; ++j) S(i, j) = d1[i] * A(i, j) * d2[j];
    const auto inv = tinydual::inverse(S);
    CHECK(inv);
    if (!inv) return;
    // inv(D1 A D2) = D2^-1 inv(A) D1^-1
    const auto ia = *tinydual::inverse(A);
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = 0; j < N; ++j) TD_CHECK_CLOSE((*inv)(i, j) * d2[i] * d1[j], ia(i, j), tol<T>() * T(4));
}
}  // namespace

TEST_CASE_TEMPLATE("inverse reports singular matrices: zero rows/columns, dependent rows, rank n-1, NaN, Inf", T, float,
                   double) {
    check_singular<T, 1>(201);
    check_singular<T, 2>(202);
    check_singular<T, 3>(203);
    check_singular<T, 4>(204);
    check_singular<T, 5>(205);
    check_singular<T, 6>(206);
}

TEST_CASE_TEMPLATE("inverse: near-singular matrices on both sides of the threshold; scaling does not matter", T, float,
                   double) {
    check_near_singular_and_scaling<T, 1>(211);
    check_near_singular_and_scaling<T, 2>(212);
    check_near_singular_and_scaling<T, 3>(213);
    check_near_singular_and_scaling<T, 4>(214);
    check_near_singular_and_scaling<T, 5>(215);
    check_near_singular_and_scaling<T, 6>(216);
    // [[1, 1], [1, 1 + d]]: the textbook case
    CHECK_FALSE(tinydual::inverse(mat<T, 2, 2>{{1, 1}, {1, 1 + tdtest::eps<T>()}}));
    CHECK(tinydual::inverse(mat<T, 2, 2>{{1, 1}, {1, T(1.001)}}));
    CHECK(tinydual::inverse(mat<T, 1, 1>{{std::numeric_limits<T>::denorm_min()}}));
    CHECK(tinydual::inverse(mat<T, 1, 1>{{std::numeric_limits<T>::max()}}));
}

TEST_CASE_TEMPLATE("inverse_result: optional-like, explicit bool, no exceptions needed", T, float, double) {
    using M = mat<T, 2, 2>;
    using R = tinydual::inverse_result<M>;
    static_assert(!std::is_convertible<R, bool>::value, "explicit operator bool");
    static_assert(std::is_constructible<bool, R>::value, "usable in if");
    static_assert(std::is_same<decltype(tinydual::inverse(M{})), R>::value, "inverse returns inverse_result");
    static_assert(std::is_trivially_copyable<R>::value, "a value type, no heap");
    const M A{{2, 0}, {0, 4}};
    int used = 0;
    if (auto inv = tinydual::inverse(A)) {
        CHECK((*inv)(1, 1) == T(0.25));
        CHECK(inv->operator()(0, 0) == T(0.5));
        CHECK(inv.value()(0, 1) == T(0));
        ++used;
    }
    CHECK(used == 1);
    const M singular{{1, 2}, {2, 4}};
    const auto bad = tinydual::inverse(singular);
    CHECK_FALSE(bad);
    CHECK_FALSE(bad.has_value());
    CHECK(bad.value_or(A) == A);
    CHECK(tinydual::inverse(A).value_or(singular)(0, 0) == T(0.5));
    const M moved = *tinydual::inverse(A);  // from a temporary: a copy, no dangling reference
    CHECK(moved(0, 0) == T(0.5));
}

// ---------------------------------------------------------------------------------------------
// T6, T7: derivatives of the inverse and of the determinant
// ---------------------------------------------------------------------------------------------

namespace {
// A(t) = A0 + t A1 + t^2 A2 at t (T or any dual of T)
template <class T, std::size_t N>
struct quadratic_path {
    mat<T, N, N> A0, A1, A2;
    template <class S>
    mat<S, N, N> operator()(S t) const {
        mat<S, N, N> a{};
        for (std::size_t k = 0; k < N * N; ++k) a.data()[k] = A0.data()[k] + A1.data()[k] * t + A2.data()[k] * (t * t);
        return a;
    }
};

// The parts of one point of T6 and T7, each in its own stack frame (small boards' stacks hold the
// temporaries of one part at a time). inv = A(t0)^-1, dA = A'(t0).
// T6: d A^-1 / dt = -A^-1 (dA/dt) A^-1
template <class T, std::size_t N>
TDTEST_NOINLINE void check_t6_first(const quadratic_path<T, N>& A, T t0, const mat<T, N, N>& inv, const mat<T, N, N>& dA) {
    const auto r = tinydual::derivative([&](auto t) { return *tinydual::inverse(A(t)); }, t0);
    tdtest::check_close(r.value, inv, tol<T>());
    tdtest::check_close(r.derivative, mul(mul(inv, dA), inv) * T(-1), tol<T>() * T(4));
}
// second derivative through nested duals: 2 A^-1 A' A^-1 A' A^-1 - A^-1 A'' A^-1
template <class T, std::size_t N>
TDTEST_NOINLINE void check_t6_second(const quadratic_path<T, N>& A, T t0, const mat<T, N, N>& inv, const mat<T, N, N>& dA) {
    const auto r2 = tinydual::derivative(
        [&](auto t) { return tinydual::derivative([&](auto u) { return *tinydual::inverse(A(u)); }, t).derivative; }, t0);
    const auto ddA = A.A2 * T(2);
    const auto expected2 = mul(mul(mul(mul(inv, dA), inv), dA), inv) * T(2) - mul(mul(inv, ddA), inv);
    tdtest::check_close(r2.derivative, expected2, tol<T>() * T(16));
}
// T7: d det(X) / dX = det(X) X^{-T}; then d det(A(t)) / dt = det(A) tr(A^-1 dA/dt) (Jacobi's formula)
template <class T, std::size_t N>
TDTEST_NOINLINE void check_t7(const quadratic_path<T, N>& A, T t0, const mat<T, N, N>& At, const mat<T, N, N>& inv,
                              const mat<T, N, N>& dA) {
    const auto [det, G] = tinydual::gradient([](const auto& X) { return determinant(X); }, At);
    TD_CHECK_CLOSE(det / leibniz(At), T(1), tol<T>());
    const auto expected = tinydual::transpose(inv) * det;
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = 0; j < N; ++j) TD_CHECK_CLOSE(G(i, j) / det, expected(i, j) / det, tol<T>() * T(4));
    const auto dd = tinydual::derivative([&](auto t) { return tinydual::determinant(A(t)); }, t0);
    TD_CHECK_CLOSE(dd.derivative / det, tinydual::trace(mul(inv, dA)), tol<T>() * T(4));
}

// The same points (A(t) and t0 from seed) for T6 and for T7; with_t6 / with_t7 pick the parts.
template <class T, std::size_t N>
void check_t6_t7(std::uint64_t seed, bool with_t6 = true, bool with_t7 = true) {
    tdtest::rng g(seed);
    for (int point = 0; point < 3; ++point) {
        quadratic_path<T, N> A{};
        A.A0 = well_conditioned<T, N>(g);
        A.A1 = g.matrix<T, N, N>(-1, 1);
        A.A2 = g.matrix<T, N, N>(-1, 1);
        const T t0 = static_cast<T>(g.uniform(-0.5, 0.5));
        const auto At = A(t0);
        const auto inv = *tinydual::inverse(At);
        const auto dA = A.A1 + A.A2 * (T(2) * t0);
        if (with_t6) {
            check_t6_first<T, N>(A, t0, inv, dA);
            check_t6_second<T, N>(A, t0, inv, dA);
        }
        if (with_t7) check_t7<T, N>(A, t0, At, inv, dA);
    }
}

// hyper_dual elements: A(x, y) = A0 + x A1 + y A2 + x y A3; A A^-1 = I holds for the gradient and
// the Hessian parts (both exactly zero), and det agrees with nested duals.
// Two parts, each in its own frame (the micro:bit's 4 KiB stack holds one at a time, not both).
template <class T, std::size_t N>
TDTEST_NOINLINE void check_hyper_dual_inverse(const mat<T, N, N>& A0, const mat<T, N, N>& A1, const mat<T, N, N>& A2,
                                              const mat<T, N, N>& A3) {
    using H = hyper_dual<T, 2>;
    const H x = H::variable(T(0.3), 0), y = H::variable(T(-0.2), 1);
    mat<H, N, N> a{};
    for (std::size_t k = 0; k < N * N; ++k) a.data()[k] = A0.data()[k] + A1.data()[k] * x + A2.data()[k] * y + A3.data()[k] * (x * y);
    const auto inv = tinydual::inverse(a);
    CHECK(inv);
    if (!inv) return;
    const auto p = a * *inv;
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = 0; j < N; ++j) {
            TD_CHECK_CLOSE(p(i, j).value(), i == j ? T(1) : T(0), tol<T>());
            for (std::size_t k = 0; k < 2; ++k) TD_CHECK_CLOSE(p(i, j).grad()[k], T(0), tol<T>() * T(4));
            const auto h = p(i, j).hess();
            for (std::size_t k = 0; k < 4; ++k) TD_CHECK_CLOSE(h.data()[k], T(0), tol<T>() * T(16));
        }
}

// det's Hessian against the Jacobian of the gradient (nested duals)
template <class T, std::size_t N>
TDTEST_NOINLINE void check_hyper_dual_determinant(const mat<T, N, N>& A0, const mat<T, N, N>& A1, const mat<T, N, N>& A2,
                                                  const mat<T, N, N>& A3) {
    using H = hyper_dual<T, 2>;
    const H x = H::variable(T(0.3), 0), y = H::variable(T(-0.2), 1);
    mat<H, N, N> a{};
    for (std::size_t k = 0; k < N * N; ++k) a.data()[k] = A0.data()[k] + A1.data()[k] * x + A2.data()[k] * y + A3.data()[k] * (x * y);
    const H d = tinydual::determinant(a);
    auto det_of = [&](const auto& v) {
        using S = std::decay_t<decltype(v[0])>;
        mat<S, N, N> m{};
        for (std::size_t k = 0; k < N * N; ++k) m.data()[k] = A0.data()[k] + A1.data()[k] * v[0] + A2.data()[k] * v[1] + A3.data()[k] * (v[0] * v[1]);
        return tinydual::determinant(m);
    };
    const vec<T, 2> pt{T(0.3), T(-0.2)};
    const auto hess = tinydual::jacobian([&](const auto& v) { return tinydual::gradient(det_of, v).gradient; }, pt).jacobian;
    const auto grad = tinydual::gradient(det_of, pt);
    TD_CHECK_CLOSE(d.value(), grad.value, tol<T>());
    tdtest::check_close(d.grad(), grad.gradient, tol<T>() * T(4));
    tdtest::check_close(d.hess(), hess, tol<T>() * T(16));
}

template <class T, std::size_t N>
void check_hyper_dual(std::uint64_t seed) {
    tdtest::rng g(seed);
    const auto A0 = well_conditioned<T, N>(g);
    const auto A1 = g.matrix<T, N, N>(-1, 1), A2 = g.matrix<T, N, N>(-1, 1), A3 = g.matrix<T, N, N>(-1, 1);
    check_hyper_dual_inverse<T, N>(A0, A1, A2, A3);
    check_hyper_dual_determinant<T, N>(A0, A1, A2, A3);
}
}  // namespace

// T6 and T7 for sizes 1..6, in several test cases (each fits the micro:bit's flash; from size 4
// on, T6 and T7 apart: the gradient of det in N^2 variables needs a deeper stack than T6).
TEST_CASE_TEMPLATE("T6: d A^-1 = -A^-1 dA A^-1 (and the second derivative); T7: d det X / dX = det(X) X^-T; sizes 1..3",
                   T, float, double) {
    check_t6_t7<T, 1>(301);
    check_t6_t7<T, 2>(302);
    check_t6_t7<T, 3>(303);
}

TEST_CASE_TEMPLATE("T6: d A^-1 = -A^-1 dA A^-1 (and the second derivative); size 4", T, float, double) {
    check_t6_t7<T, 4>(304, true, false);
}

TEST_CASE_TEMPLATE("T6: d A^-1 = -A^-1 dA A^-1 (and the second derivative); size 5", T, float, double) {
    check_t6_t7<T, 5>(305, true, false);
}

TEST_CASE_TEMPLATE("T6: d A^-1 = -A^-1 dA A^-1 (and the second derivative); size 6", T, float, double) {
    check_t6_t7<T, 6>(306, true, false);
}

TEST_CASE_TEMPLATE("T7: d det X / dX = det(X) X^-T; d det A(t) / dt (Jacobi); size 4", T, float, double) {
    check_t6_t7<T, 4>(304, false, true);
}

TEST_CASE_TEMPLATE("T7: d det X / dX = det(X) X^-T; d det A(t) / dt (Jacobi); size 5", T, float, double) {
    check_t6_t7<T, 5>(305, false, true);
}

TEST_CASE_TEMPLATE("T7: d det X / dX = det(X) X^-T; d det A(t) / dt (Jacobi); size 6", T, float, double) {
    check_t6_t7<T, 6>(306, false, true);
}

TEST_CASE_TEMPLATE("determinant and inverse on hyper_dual elements (closed form and LU)", T, float, double) {
    check_hyper_dual<T, 3>(401);
    check_hyper_dual<T, 5>(402);
}

namespace {
/// solve(A, b) against A x = b and against inverse(A) b, plain and with partials on A, on b, on
/// both: dx = A^-1 (db - dA x) (identities.md T6 applied to a vector).
template <class T, std::size_t N>
TDTEST_NOINLINE void check_solve(std::uint64_t seed) {
    tdtest::rng g(seed);
    const mat<T, N, N> A = well_conditioned<T, N>(g);
    const vec<T, N> b = g.vector<T, N>(-2, 2);
    const auto x = tinydual::solve(A, b);
    CHECK(x);
    if (!x) return;
    const vec<T, N> r = A * *x;
    for (std::size_t i = 0; i < N; ++i) TD_CHECK_CLOSE(r[i], b[i], tol<T>());
    tdtest::check_close(*x, *tinydual::inverse(A) * b, tol<T>());

    // Partials: A(t) = A + t E, b(t) = b + t e with E = e_0 e_{N-1}', e = 1 (all ones).
    using d1 = dual<T, 1>;
    mat<d1, N, N> Ad{};
    vec<d1, N> bd{};
    for (std::size_t i = 0; i < N; ++i) {
        for (std::size_t j = 0; j < N; ++j) Ad(i, j) = d1(A(i, j));
        bd[i] = d1(b[i], vec<T, 1>{T(1)});
    }
    Ad(0, N - 1) = d1(A(0, N - 1), vec<T, 1>{T(1)});
    const auto xd = tinydual::solve(Ad, bd);
    CHECK(xd);
    if (!xd) return;
    // dx = A^-1 (e - E x): E x = x_{N-1} e_0.
    vec<T, N> rhs = vec<T, N>::filled(T(1));
    rhs[0] -= (*x)[N - 1];
    const vec<T, N> dx = *tinydual::solve(A, rhs);
    for (std::size_t i = 0; i < N; ++i) {
        TD_CHECK_CLOSE((*xd)[i].value(), (*x)[i], tol<T>());
        TD_CHECK_CLOSE((*xd)[i].partial(0), dx[i], tol<T>() * T(4));
    }
    // A plain matrix with a dual right-hand side: dx = A^-1 e; the result is a vector of duals.
    const auto xb = tinydual::solve(A, bd);
    static_assert(std::is_same<std::decay_t<decltype(*xb)>, vec<d1, N>>::value, "solve(plain A, dual b) is dual");
    const vec<T, N> dxb = *tinydual::solve(A, vec<T, N>::filled(T(1)));
    for (std::size_t i = 0; i < N; ++i) TD_CHECK_CLOSE((*xb)[i].partial(0), dxb[i], tol<T>() * T(4));
}
}  // namespace

TEST_CASE_TEMPLATE("solve: A x = b without the inverse, sizes 1 to 6, with partials on A and b", T, float, double) {
    check_solve<T, 1>(301);
    check_solve<T, 2>(302);
    check_solve<T, 3>(303);
    check_solve<T, 4>(304);
    check_solve<T, 5>(305);
    check_solve<T, 6>(306);
}

TEST_CASE_TEMPLATE("solve reports singular matrices as inverse does", T, float, double) {
    const vec<T, 2> b{T(1), T(2)};
    CHECK_FALSE(tinydual::solve(mat<T, 2, 2>{{1, 2}, {2, 4}}, b));
    CHECK_FALSE(tinydual::solve(mat<T, 2, 2>{{1, 1}, {1, 1 + tdtest::eps<T>()}}, b));
    CHECK_FALSE(tinydual::solve(mat<T, 2, 2>{{0, 0}, {1, 1}}, b));
    CHECK_FALSE(tinydual::solve(mat<T, 2, 2>{{std::numeric_limits<T>::quiet_NaN(), 0}, {0, 1}}, b));
    CHECK_FALSE(tinydual::solve(mat<T, 2, 2>{{std::numeric_limits<T>::infinity(), 0}, {0, 1}}, b));
    const auto none = tinydual::solve(mat<T, 2, 2>{{1, 2}, {2, 4}}, b);
    CHECK(none.value_or(vec<T, 2>{T(7), T(7)})[0] == T(7));
    // Scaling does not matter: diag(1e-30, 1) style rows are solved.
    const T tiny = std::numeric_limits<T>::min() * T(16);
    const auto scaled = tinydual::solve(mat<T, 2, 2>{{tiny, 0}, {0, 1}}, vec<T, 2>{tiny, T(3)});
    CHECK(scaled);
    if (!scaled) return;
    TD_CHECK_CLOSE((*scaled)[0], T(1), tol<T>());
    TD_CHECK_CLOSE((*scaled)[1], T(3), tol<T>());
}
