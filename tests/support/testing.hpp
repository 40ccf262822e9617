// Test support: tolerances per type and backend, closeness checks, central differences in
// long double, and a deterministic point generator. Every reference value in the tests comes
// from a closed form or from central_difference() below.
#pragma once

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include <tinydual/tinydual.hpp>

namespace tdtest {

using tinydual::mat;
using tinydual::vec;

// ---- tolerances ----
// Closed forms computed in T agree with the library to a few ulps of the largest term; the SIMD
// backends (xsimd, Helium) may round differently from the plain one (fused multiply-add, NEON's Newton-iteration
// division), so it gets a wider bound.
template <class T>
constexpr T eps() {
    return std::numeric_limits<T>::epsilon();
}
template <class T>
constexpr T closed_form_tol() {
    return (TINYDUAL_BACKEND_XSIMD || TINYDUAL_BACKEND_MVE ? T(64) : T(32)) * eps<T>();
}
/// Whether long double arithmetic really is wider than double. Not a question of its size:
/// on ARM long double is double, and under valgrind the x87 80-bit type is stored in 16 bytes
/// but computed in double precision. Measured at run time, once.
inline bool long_double_is_wide() {
    static const bool wide = [] {
        volatile long double one = 1;
        volatile long double quarter_ulp = 0x1p-54L;  // a quarter of double's ulp at 1
        return one + quarter_ulp != one;
    }();
    return wide;
}
// Central differences are taken in long double. Where long double is just double (ARM,
// valgrind), the finite-difference error itself (~1e-10 relative) bounds what a double check
// can claim.
template <class T>
T fd_tol() {
    if (sizeof(T) == 4) return T(2e-5f);
    return long_double_is_wide() ? T(1e-9) : T(5e-8);
}

/// |a - b| <= tol * max(1, |a|, |b|): relative for large values, absolute near zero.
/// NaN matches NaN and infinities must match exactly.
template <class T>
bool close(T a, T b, T tol) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    if (std::isinf(a) || std::isinf(b)) return a == b;
    const T scale = std::fmax(T(1), std::fmax(std::fabs(a), std::fabs(b)));
    return std::fabs(a - b) <= tol * scale;
}

// Keeps a test helper out of its caller: the locals of each part of a large check get their own
// stack frame, one at a time, instead of one frame holding all of them (small boards' stacks).
#if defined(__GNUC__) || defined(__clang__)
#  define TDTEST_NOINLINE __attribute__((noinline))
#else
#  define TDTEST_NOINLINE
#endif

#define TD_CHECK_CLOSE(a, b, tol)                                                                   \
    do {                                                                                            \
        const auto td_a_ = (a);                                                                     \
        const auto td_b_ = (b);                                                                     \
        using td_t_ = std::remove_cv_t<decltype(td_a_)>;                                           \
        CHECK_MESSAGE(::tdtest::close<td_t_>(td_a_, static_cast<td_t_>(td_b_), static_cast<td_t_>(tol)), \
                      #a " = " << static_cast<double>(td_a_) << ", " #b " = " << static_cast<double>(td_b_)); \
    } while (0)

template <class T, std::size_t N, class U>
void check_close(const vec<T, N>& a, const vec<U, N>& b, T tol) {
    for (std::size_t i = 0; i < N; ++i) TD_CHECK_CLOSE(a[i], static_cast<T>(b[i]), tol);
}
template <class T, std::size_t R, std::size_t C, class U>
void check_close(const mat<T, R, C>& a, const mat<U, R, C>& b, T tol) {
    for (std::size_t i = 0; i < R; ++i)
        for (std::size_t j = 0; j < C; ++j) {
            INFO("element (" << i << ", " << j << ")");
            TD_CHECK_CLOSE(a(i, j), static_cast<T>(b(i, j)), tol);
        }
}

// ---- central differences in long double ----
/// d f / d x at x by the 5-point stencil with step h = base * scale. The default scale shrinks
/// with |x| down to 0.01; near a singularity pass the distance to it (the stencil's error is
/// O(h^4 f^(5)), which blows up close to a pole).
template <class F>
long double central_difference(F f, long double x, long double scale) {
    const long double h = (long_double_is_wide() ? 1e-4L : 1e-3L) * scale;
    return (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h);
}
template <class F>
long double central_difference(F f, long double x) {
    return central_difference(f, x, std::fmax(0.01L, std::fabs(x)));
}
/// Gradient of f: vec<long double, N> -> long double at x, by central differences.
template <class F, std::size_t N>
vec<long double, N> central_gradient(F f, const vec<long double, N>& x) {
    vec<long double, N> g{};
    for (std::size_t i = 0; i < N; ++i) {
        g[i] = central_difference(
            [&](long double t) {
                vec<long double, N> y = x;
                y[i] = t;
                return f(y);
            },
            x[i]);
    }
    return g;
}

// ---- deterministic points ----
/// A small linear congruential generator: the same points on every target.
struct rng {
    std::uint64_t state;
    explicit rng(std::uint64_t seed) : state(seed * 6364136223846793005ULL + 1442695040888963407ULL) {}
    /// Uniform in [lo, hi).
    double uniform(double lo, double hi) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const double u = static_cast<double>(state >> 11) * (1.0 / 9007199254740992.0);
        return lo + (hi - lo) * u;
    }
    template <class T, std::size_t N>
    vec<T, N> vector(double lo, double hi) {
        vec<T, N> v{};
        for (std::size_t i = 0; i < N; ++i) v[i] = static_cast<T>(uniform(lo, hi));
        return v;
    }
    template <class T, std::size_t R, std::size_t C>
    mat<T, R, C> matrix(double lo, double hi) {
        mat<T, R, C> m{};
        for (std::size_t i = 0; i < R; ++i)
            for (std::size_t j = 0; j < C; ++j) m(i, j) = static_cast<T>(uniform(lo, hi));
        return m;
    }
};

template <class To, class From, std::size_t N>
vec<To, N> cast(const vec<From, N>& v) {
    vec<To, N> r{};
    for (std::size_t i = 0; i < N; ++i) r[i] = static_cast<To>(v[i]);
    return r;
}

}  // namespace tdtest
