// tinydual/inverse.hpp: determinant, inverse and linear solves of square matrices of any element
// type: closed forms up to 4 x 4, LU with partial pivoting beyond (and for every solve), and an
// optional-like result that reports a numerically singular matrix.
//
//   tinydual::mat<double, 2, 2> A{{4, 7}, {2, 6}};
//   double d = determinant(A);                       // 10
//   if (auto inv = inverse(A)) use(*inv);            // false for a singular A, never garbage
//   if (auto x = solve(A, b)) use(*x);               // A x = b, without forming the inverse
//
// Written with + - * / only, so they differentiate for every element type (dual, hyper_dual,
// nested duals): d(A^-1) = -A^-1 dA A^-1 comes out of the arithmetic. Pivots are chosen by the
// magnitudes of the values (detail::base_value).
//
// Singularity rule of inverse(A) and solve(A, b): A is reported not invertible (the result converts to false)
// when an element's value is NaN or infinite, when a row or a column is zero, or when B, A with
// every row and then every column scaled by a power of two so that its largest magnitude lies in
// [1, 2) (exact, changes no digit), has an exactly zero pivot or a reciprocal condition number
//     rcond_1(B) = 1 / (||B||_1 ||B^-1||_1) <= n eps,
// eps the machine epsilon of the underlying float or double (the values are tested, not the
// partials). This is LAPACK's "singular to working precision" with an n eps margin: an inverse
// with no correct digit is not returned. The scaling makes the rule blind to how rows and columns
// are scaled (diag(1e-30, 1) is invertible); a pivot rule alone is not enough, as partial
// pivoting can leave a pivot of ~100 n eps in a matrix that is singular up to rounding.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>
#include <utility>

#include "config.hpp"
#include "detail/traits.hpp"
#include "mat.hpp"
#include "vec.hpp"

namespace tinydual {

/// The result of inverse(A): the inverse, if A is numerically invertible. Optional-like, with no
/// heap and no exceptions:
///   if (auto inv = inverse(A)) use(*inv);
/// Dereferencing a false result is a precondition violation (TINYDUAL_ASSERT in debug builds);
/// the matrix it holds is then all NaN, never a plausible-looking wrong answer.
template <class M>
class inverse_result {
   public:
    using value_type = M;
    /// Not invertible.
    constexpr inverse_result() : value_(M::filled(typename M::value_type(std::numeric_limits<detail::scalar_t<typename M::value_type>>::quiet_NaN()))), ok_(false) {}
    /// Invertible, with inverse m.
    constexpr explicit inverse_result(const M& m) : value_(m), ok_(true) {}

    constexpr explicit operator bool() const noexcept { return ok_; }
    constexpr bool has_value() const noexcept { return ok_; }
    constexpr const M& operator*() const& {
        TINYDUAL_ASSERT(ok_);
        return value_;
    }
    constexpr M& operator*() & {
        TINYDUAL_ASSERT(ok_);
        return value_;
    }
    constexpr M operator*() && {
        TINYDUAL_ASSERT(ok_);
        return value_;
    }
    constexpr const M* operator->() const {
        TINYDUAL_ASSERT(ok_);
        return &value_;
    }
    constexpr M* operator->() {
        TINYDUAL_ASSERT(ok_);
        return &value_;
    }
    constexpr const M& value() const& { return **this; }
    constexpr M& value() & { return **this; }
    constexpr M value() && { return value_; }
    /// The inverse, or fallback when A is not invertible.
    constexpr M value_or(const M& fallback) const { return ok_ ? value_ : fallback; }

   private:
    M value_;
    bool ok_;
};

namespace detail {
/// |value| of a number at any nesting depth.
template <class E>
constexpr scalar_t<E> abs_value(const E& x) {
    const scalar_t<E> v = base_value(x);
    return v < scalar_t<E>(0) ? -v : v;
}
/// x times the plain constant s (no partials carried for s).
template <class E>
constexpr E times_constant(const E& x, const scalar_t<E>& s) {
    if constexpr (is_ad<E>)
        return x * typename E::value_type(s);
    else
        return x * s;
}

// det of the leading 2 x 2, 3 x 3, 4 x 4 closed forms (cofactor / complementary-minor expansion).
template <class E>
constexpr E det2(const E& a, const E& b, const E& c, const E& d) {
    return a * d - b * c;
}
template <class E>
constexpr E det3(const mat<E, 3, 3>& a) {
    return a(0, 0) * det2(a(1, 1), a(1, 2), a(2, 1), a(2, 2)) - a(0, 1) * det2(a(1, 0), a(1, 2), a(2, 0), a(2, 2)) +
           a(0, 2) * det2(a(1, 0), a(1, 1), a(2, 0), a(2, 1));
}
// The 2 x 2 minors of rows (0, 1) (s) and rows (2, 3) (c) of a 4 x 4 matrix; det and adjugate
// are sums of their products (Laplace expansion by complementary minors).
template <class E>
struct minors4 {
    E s0, s1, s2, s3, s4, s5, c0, c1, c2, c3, c4, c5;
    constexpr explicit minors4(const mat<E, 4, 4>& a)
        : s0(det2(a(0, 0), a(0, 1), a(1, 0), a(1, 1))),
          s1(det2(a(0, 0), a(0, 2), a(1, 0), a(1, 2))),
          s2(det2(a(0, 0), a(0, 3), a(1, 0), a(1, 3))),
          s3(det2(a(0, 1), a(0, 2), a(1, 1), a(1, 2))),
          s4(det2(a(0, 1), a(0, 3), a(1, 1), a(1, 3))),
          s5(det2(a(0, 2), a(0, 3), a(1, 2), a(1, 3))),
          c0(det2(a(2, 0), a(2, 1), a(3, 0), a(3, 1))),
          c1(det2(a(2, 0), a(2, 2), a(3, 0), a(3, 2))),
          c2(det2(a(2, 0), a(2, 3), a(3, 0), a(3, 3))),
          c3(det2(a(2, 1), a(2, 2), a(3, 1), a(3, 2))),
          c4(det2(a(2, 1), a(2, 3), a(3, 1), a(3, 3))),
          c5(det2(a(2, 2), a(2, 3), a(3, 2), a(3, 3))) {}
    constexpr E det() const { return s0 * c5 - s1 * c4 + s2 * c3 + s3 * c2 - s4 * c1 + s5 * c0; }
};

/// In-place LU factorisation with partial pivoting (the largest |value| in the column): on return
/// a holds U on and above the diagonal and the multipliers of L below it, row k of the factors is
/// row perm[k] of the input and odd tells whether the permutation is odd. Stops and returns false
/// at a pivot |u_kk| <= tol (tol = 0: an exactly zero pivot).
template <class E, std::size_t N>
constexpr bool lu_factorize(mat<E, N, N>& a, std::size_t (&perm)[N], bool& odd, scalar_t<E> tol) {
    odd = false;
    for (std::size_t i = 0; i < N; ++i) perm[i] = i;
    for (std::size_t k = 0; k < N; ++k) {
        std::size_t p = k;
        scalar_t<E> best = abs_value(a(k, k));
        for (std::size_t i = k + 1; i < N; ++i) {
            const scalar_t<E> v = abs_value(a(i, k));
            if (v > best) {
                best = v;
                p = i;
            }
        }
        if (!(best > tol)) return false;  // NaN fails too
        if (p != k) {
            for (std::size_t j = 0; j < N; ++j) {
                const E t = a(k, j);
                a(k, j) = a(p, j);
                a(p, j) = t;
            }
            const std::size_t t = perm[k];
            perm[k] = perm[p];
            perm[p] = t;
            odd = !odd;
        }
        for (std::size_t i = k + 1; i < N; ++i) {
            const E l = a(i, k) / a(k, k);
            a(i, k) = l;
            for (std::size_t j = k + 1; j < N; ++j) a(i, j) -= l * a(k, j);
        }
    }
    return true;
}

/// det by LU: the signed product of the pivots; zero (with zero partials) at an exactly zero pivot.
template <class E, std::size_t N>
constexpr E lu_determinant(const mat<E, N, N>& a) {
    mat<E, N, N> lu = a;
    std::size_t perm[N]{};
    bool odd = false;
    if (!lu_factorize(lu, perm, odd, scalar_t<E>(0))) return E(scalar_t<E>(0));
    E d = lu(0, 0);
    for (std::size_t k = 1; k < N; ++k) d *= lu(k, k);
    return odd ? -d : d;
}

/// The inverse from an LU factorisation: solves L U x = e_perm for every column.
template <class E, std::size_t N>
constexpr mat<E, N, N> lu_inverse(const mat<E, N, N>& lu, const std::size_t (&perm)[N]) {
    const E one(scalar_t<E>(1)), zero(scalar_t<E>(0));
    vec<E, N> inv_diag{};
    for (std::size_t k = 0; k < N; ++k) inv_diag[k] = one / lu(k, k);
    mat<E, N, N> r{};
    for (std::size_t j = 0; j < N; ++j) {
        vec<E, N> x{};
        for (std::size_t k = 0; k < N; ++k) {  // L y = P e_j (unit diagonal)
            E s = perm[k] == j ? one : zero;
            for (std::size_t i = 0; i < k; ++i) s -= lu(k, i) * x[i];
            x[k] = s;
        }
        for (std::size_t k = N; k-- > 0;) {  // U x = y
            E s = x[k];
            for (std::size_t i = k + 1; i < N; ++i) s -= lu(k, i) * x[i];
            x[k] = s * inv_diag[k];
        }
        for (std::size_t i = 0; i < N; ++i) r(i, j) = x[i];
    }
    return r;
}

/// The inverse by the adjugate, 1 x 1 to 4 x 4 (the caller has checked invertibility).
template <class E, std::size_t N>
constexpr mat<E, N, N> closed_form_inverse(const mat<E, N, N>& a) {
    const E one(scalar_t<E>(1));
    mat<E, N, N> r{};
    if constexpr (N == 1) {
        r(0, 0) = one / a(0, 0);
    } else if constexpr (N == 2) {
        const E inv_det = one / det2(a(0, 0), a(0, 1), a(1, 0), a(1, 1));
        r(0, 0) = a(1, 1) * inv_det;
        r(0, 1) = -a(0, 1) * inv_det;
        r(1, 0) = -a(1, 0) * inv_det;
        r(1, 1) = a(0, 0) * inv_det;
    } else if constexpr (N == 3) {
        // r(i, j) = cofactor(j, i) / det
        r(0, 0) = det2(a(1, 1), a(1, 2), a(2, 1), a(2, 2));
        r(1, 0) = -det2(a(1, 0), a(1, 2), a(2, 0), a(2, 2));
        r(2, 0) = det2(a(1, 0), a(1, 1), a(2, 0), a(2, 1));
        r(0, 1) = -det2(a(0, 1), a(0, 2), a(2, 1), a(2, 2));
        r(1, 1) = det2(a(0, 0), a(0, 2), a(2, 0), a(2, 2));
        r(2, 1) = -det2(a(0, 0), a(0, 1), a(2, 0), a(2, 1));
        r(0, 2) = det2(a(0, 1), a(0, 2), a(1, 1), a(1, 2));
        r(1, 2) = -det2(a(0, 0), a(0, 2), a(1, 0), a(1, 2));
        r(2, 2) = det2(a(0, 0), a(0, 1), a(1, 0), a(1, 1));
        const E inv_det = one / (a(0, 0) * r(0, 0) + a(0, 1) * r(1, 0) + a(0, 2) * r(2, 0));
        for (std::size_t k = 0; k < 9; ++k) r.data()[k] *= inv_det;
    } else {
        static_assert(N == 4, "tinydual: closed_form_inverse covers 1 x 1 to 4 x 4");
        const minors4<E> m(a);
        r(0, 0) = a(1, 1) * m.c5 - a(1, 2) * m.c4 + a(1, 3) * m.c3;
        r(0, 1) = -a(0, 1) * m.c5 + a(0, 2) * m.c4 - a(0, 3) * m.c3;
        r(0, 2) = a(3, 1) * m.s5 - a(3, 2) * m.s4 + a(3, 3) * m.s3;
        r(0, 3) = -a(2, 1) * m.s5 + a(2, 2) * m.s4 - a(2, 3) * m.s3;
        r(1, 0) = -a(1, 0) * m.c5 + a(1, 2) * m.c2 - a(1, 3) * m.c1;
        r(1, 1) = a(0, 0) * m.c5 - a(0, 2) * m.c2 + a(0, 3) * m.c1;
        r(1, 2) = -a(3, 0) * m.s5 + a(3, 2) * m.s2 - a(3, 3) * m.s1;
        r(1, 3) = a(2, 0) * m.s5 - a(2, 2) * m.s2 + a(2, 3) * m.s1;
        r(2, 0) = a(1, 0) * m.c4 - a(1, 1) * m.c2 + a(1, 3) * m.c0;
        r(2, 1) = -a(0, 0) * m.c4 + a(0, 1) * m.c2 - a(0, 3) * m.c0;
        r(2, 2) = a(3, 0) * m.s4 - a(3, 1) * m.s2 + a(3, 3) * m.s0;
        r(2, 3) = -a(2, 0) * m.s4 + a(2, 1) * m.s2 - a(2, 3) * m.s0;
        r(3, 0) = -a(1, 0) * m.c3 + a(1, 1) * m.c1 - a(1, 2) * m.c0;
        r(3, 1) = a(0, 0) * m.c3 - a(0, 1) * m.c1 + a(0, 2) * m.c0;
        r(3, 2) = -a(3, 0) * m.s3 + a(3, 1) * m.s1 - a(3, 2) * m.s0;
        r(3, 3) = a(2, 0) * m.s3 - a(2, 1) * m.s1 + a(2, 2) * m.s0;
        const E inv_det = one / m.det();
        for (std::size_t k = 0; k < 16; ++k) r.data()[k] *= inv_det;
    }
    return r;
}

/// The singularity test of inverse: kappa_1(B) = ||B||_1 ||B^-1||_1 with n eps kappa_1(B) < 1,
/// i.e. a reciprocal condition number above n eps (false for NaN or infinite entries).
template <class S, std::size_t N>
bool well_conditioned(const mat<S, N, N>& b, const mat<S, N, N>& inv_b) {
    S nb(0), ni(0);
    for (std::size_t j = 0; j < N; ++j) {
        S cb(0), ci(0);
        for (std::size_t i = 0; i < N; ++i) {
            cb += abs_value(b(i, j));
            ci += abs_value(inv_b(i, j));
        }
        using std::isnan;
        if (isnan(ci)) return false;
        nb = cb > nb ? cb : nb;
        ni = ci > ni ? ci : ni;
    }
    return nb * ni * static_cast<S>(N) * std::numeric_limits<S>::epsilon() < S(1);
}

/// The power-of-two exponent e with m * 2^-e in [1, 2), clamped so that 2^-e is representable.
template <class S>
int equilibration_exponent(S m) {
    using std::ilogb;
    const int e = ilogb(m);
    constexpr int lo = std::numeric_limits<S>::min_exponent - 1, hi = std::numeric_limits<S>::max_exponent - 1;
    return e < lo ? lo : (e > hi ? hi : e);
}

/// The values b of A, each row and then each column scaled by 2^-er[i], 2^-ec[j] so that its
/// largest magnitude lies in [1, 2), and s, A scaled the same way (exact: powers of two); false
/// when an entry is not finite or a row or a column is zero.
template <class E, class S, std::size_t N>
bool equilibrate(const mat<E, N, N>& a, mat<S, N, N>& b, mat<E, N, N>& s, int (&er)[N], int (&ec)[N]) {
    using std::isfinite;
    using std::ldexp;
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = 0; j < N; ++j) {
            b(i, j) = base_value(a(i, j));
            if (!isfinite(b(i, j))) return false;
        }
    for (std::size_t i = 0; i < N; ++i) {
        S m(0);
        for (std::size_t j = 0; j < N; ++j) m = abs_value(b(i, j)) > m ? abs_value(b(i, j)) : m;
        if (m == S(0)) return false;
        er[i] = equilibration_exponent(m);
        for (std::size_t j = 0; j < N; ++j) b(i, j) = ldexp(b(i, j), -er[i]);
    }
    for (std::size_t j = 0; j < N; ++j) {
        S m(0);
        for (std::size_t i = 0; i < N; ++i) m = abs_value(b(i, j)) > m ? abs_value(b(i, j)) : m;
        if (m == S(0)) return false;
        ec[j] = equilibration_exponent(m);
        for (std::size_t i = 0; i < N; ++i) b(i, j) = ldexp(b(i, j), -ec[j]);
    }
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = 0; j < N; ++j)
            s(i, j) = times_constant(times_constant(a(i, j), ldexp(S(1), -er[i])), ldexp(S(1), -ec[j]));
    return true;
}

/// x with L U x = P rhs, from an LU factorisation (elements of type G: the product of the
/// matrix's and the right-hand side's types).
template <class G, class E, class F, std::size_t N>
constexpr vec<G, N> lu_solve(const mat<E, N, N>& lu, const std::size_t (&perm)[N], const vec<F, N>& rhs) {
    vec<G, N> x{};
    for (std::size_t k = 0; k < N; ++k) {  // L y = P rhs (unit diagonal)
        G t = G(rhs[perm[k]]);
        for (std::size_t i = 0; i < k; ++i) t -= lu(k, i) * x[i];
        x[k] = t;
    }
    for (std::size_t k = N; k-- > 0;) {  // U x = y
        G t = x[k];
        for (std::size_t i = k + 1; i < N; ++i) t -= lu(k, i) * x[i];
        x[k] = t / lu(k, k);
    }
    return x;
}
}  // namespace detail

/// Determinant of a square matrix: closed forms up to 4 x 4 (exact polynomials: their partials
/// are right everywhere), LU with partial pivoting beyond (exactly 0, with zero partials, when
/// elimination meets an exactly zero pivot column).
template <class E, std::size_t R, std::size_t C>
constexpr E determinant(const mat<E, R, C>& a) {
    static_assert(R == C, "tinydual: determinant(A) needs a square matrix");
    if constexpr (R == 1)
        return a(0, 0);
    else if constexpr (R == 2)
        return detail::det2(a(0, 0), a(0, 1), a(1, 0), a(1, 1));
    else if constexpr (R == 3)
        return detail::det3(a);
    else if constexpr (R == 4)
        return detail::minors4<E>(a).det();
    else
        return detail::lu_determinant(a);
}

/// Inverse of a square matrix, or a false inverse_result when A is numerically singular (the rule
/// is stated above). if (auto inv = inverse(A)) use(*inv);
/// d(A^-1) = -A^-1 dA A^-1 comes out of the arithmetic for dual and hyper_dual elements.
template <class E, std::size_t R, std::size_t C>
inverse_result<mat<E, R, C>> inverse(const mat<E, R, C>& a) {
    static_assert(R == C, "tinydual: inverse(A) needs a square matrix");
    constexpr std::size_t N = R;
    using S = detail::scalar_t<E>;
    using std::ldexp;
    // Values b and A, scaled by powers of two: B = Dr^-1 A Dc^-1, every row's and column's
    // largest magnitude in [1, 2).
    mat<S, N, N> b{};
    mat<E, N, N> s{};
    int er[N]{}, ec[N]{};
    if (!detail::equilibrate(a, b, s, er, ec)) return {};
    std::size_t perm[N]{};
    bool odd = false;
    mat<E, N, N> inv_s{};
    if constexpr (N <= 4) {
        // The test runs on the values (LU); the inverse itself is the closed form.
        mat<S, N, N> lu = b;
        if (!detail::lu_factorize(lu, perm, odd, S(0))) return {};
        if (!detail::well_conditioned(b, detail::lu_inverse(lu, perm))) return {};
        inv_s = detail::closed_form_inverse(s);
    } else {
        if (!detail::lu_factorize(s, perm, odd, S(0))) return {};
        inv_s = detail::lu_inverse(s, perm);
        mat<S, N, N> inv_b{};
        for (std::size_t k = 0; k < N * N; ++k) inv_b.data()[k] = detail::base_value(inv_s.data()[k]);
        if (!detail::well_conditioned(b, inv_b)) return {};
    }
    // A^-1 = Dc^-1 B^-1 Dr^-1.
    mat<E, N, N> r{};
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = 0; j < N; ++j)
            r(i, j) = detail::times_constant(detail::times_constant(inv_s(i, j), ldexp(S(1), -ec[i])), ldexp(S(1), -er[j]));
    return inverse_result<mat<E, N, N>>(r);
}

/// x with A x = b, or a false result when A is numerically singular (the rule of inverse, above);
/// LU with partial pivoting on the equilibrated A, never the inverse. A and b may have different
/// element types (a plain A and a dual b, ...): x has the type of their product.
///   if (auto x = solve(A, b)) use(*x);
/// dx = A^-1 (db - dA x) comes out of the arithmetic for dual and hyper_dual elements.
template <class E, std::size_t R, std::size_t C, class F, std::size_t M>
auto solve(const mat<E, R, C>& a, const vec<F, M>& rhs) {
    static_assert(R == C, "tinydual: solve(A, b) needs a square matrix A");
    static_assert(M == R, "tinydual: solve(A, b) needs b with as many elements as A has rows");
    constexpr std::size_t N = R;
    using S = detail::scalar_t<E>;
    using G = std::decay_t<decltype(std::declval<E>() * std::declval<F>())>;
    using result = inverse_result<vec<G, N>>;
    using std::ldexp;
    mat<S, N, N> b{};
    mat<E, N, N> s{};
    int er[N]{}, ec[N]{};
    if (!detail::equilibrate(a, b, s, er, ec)) return result();
    std::size_t perm[N]{};
    bool odd = false;
    mat<S, N, N> lu = b;
    if (!detail::lu_factorize(lu, perm, odd, S(0))) return result();
    if (!detail::well_conditioned(b, detail::lu_inverse(lu, perm))) return result();
    // B (Dc x) = Dr^-1 b: factor B with its elements' partials (the pivots are those of the values).
    if constexpr (detail::is_ad<E>) {
        if (!detail::lu_factorize(s, perm, odd, S(0))) return result();
    } else {
        s = lu;
    }
    vec<G, N> y{};
    for (std::size_t i = 0; i < N; ++i) y[i] = detail::times_constant(G(rhs[i]), ldexp(S(1), -er[i]));
    vec<G, N> x = detail::lu_solve<G>(s, perm, y);
    for (std::size_t i = 0; i < N; ++i) x[i] = detail::times_constant(x[i], ldexp(S(1), -ec[i]));
    return result(x);
}

}  // namespace tinydual
