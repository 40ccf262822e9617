// tinydual/linalg.hpp: products and structure on vec/mat, for any element type (dual included).
//
//   tinydual::mat<double, 2, 2> A{{1, 2}, {3, 4}};
//   tinydual::vec<double, 2> x{1, 1};
//   auto y = A * x;                                  // (3, 7)
//   double t = trace(A) + dot(x, y) + sum(kron(A, A)) + norm(cross(x3, y3));
//
// Shapes are template parameters: a mismatch is a compile-time error that says which operation.
#pragma once

#include <cmath>
#include <cstddef>
#include <type_traits>

#include "config.hpp"
#include "detail/traits.hpp"
#include "mat.hpp"
#include "vec.hpp"

namespace tinydual {

namespace detail {
// a0*b0 + a1*b1 + ... over Len terms (strided access), starting from the first product.
template <std::size_t Len, class FA, class FB>
constexpr auto dot_of(FA a, FB b) {
    auto s = a(0) * b(0);
    for (std::size_t k = 1; k < Len; ++k) s += a(k) * b(k);
    return s;
}
}  // namespace detail

/// Matrix product (R x K) (K x C) -> (R x C).
template <class A, std::size_t R, std::size_t K, class B, std::size_t K2, std::size_t C>
constexpr auto operator*(const mat<A, R, K>& a, const mat<B, K2, C>& b) {
    static_assert(K == K2, "tinydual: matrix product A * B needs cols(A) == rows(B)");
    using E = std::decay_t<detail::product_t<A, B>>;
    mat<E, R, C> r{};
    for (std::size_t i = 0; i < R; ++i) {
        for (std::size_t j = 0; j < C; ++j) r(i, j) = a(i, 0) * b(0, j);
        for (std::size_t k = 1; k < K; ++k)
            for (std::size_t j = 0; j < C; ++j) r(i, j) += a(i, k) * b(k, j);
    }
    return r;
}

/// Matrix-vector product (R x C) (C) -> (R).
template <class A, std::size_t R, std::size_t C, class B, std::size_t M>
constexpr auto operator*(const mat<A, R, C>& a, const vec<B, M>& x) {
    static_assert(C == M, "tinydual: matrix-vector product A * x needs cols(A) == size(x)");
    using E = std::decay_t<detail::product_t<A, B>>;
    vec<E, R> r{};
    for (std::size_t i = 0; i < R; ++i)
        r[i] = detail::dot_of<C>([&](std::size_t k) -> const A& { return a(i, k); },
                                 [&](std::size_t k) -> const B& { return x[k]; });
    return r;
}

/// Transpose.
template <class T, std::size_t R, std::size_t C>
constexpr mat<T, C, R> transpose(const mat<T, R, C>& a) {
    mat<T, C, R> r{};
    for (std::size_t i = 0; i < R; ++i)
        for (std::size_t j = 0; j < C; ++j) r(j, i) = a(i, j);
    return r;
}

/// Hadamard (element-wise) product of two matrices or two vectors of the same shape.
template <class A, std::size_t R, std::size_t C, class B, std::size_t R2, std::size_t C2>
constexpr auto hadamard(const mat<A, R, C>& a, const mat<B, R2, C2>& b) {
    static_assert(R == R2 && C == C2, "tinydual: hadamard(A, B) needs A and B of the same shape");
    using E = std::decay_t<detail::product_t<A, B>>;
    mat<E, R, C> r{};
    detail::mat_map(r, [](const auto& x, const auto& y) { return x * y; }, a, b);
    return r;
}
template <class A, std::size_t N, class B, std::size_t M>
constexpr auto hadamard(const vec<A, N>& a, const vec<B, M>& b) {
    static_assert(N == M, "tinydual: hadamard(u, v) needs u and v of the same size");
    return a * b;
}

/// Kronecker product: (m x n) (p x q) -> (mp x nq), block (i, j) = a_ij B.
template <class A, std::size_t M, std::size_t N, class B, std::size_t P, std::size_t Q>
constexpr auto kron(const mat<A, M, N>& a, const mat<B, P, Q>& b) {
    using E = std::decay_t<detail::product_t<A, B>>;
    mat<E, M * P, N * Q> r{};
    for (std::size_t i = 0; i < M; ++i)
        for (std::size_t j = 0; j < N; ++j)
            for (std::size_t k = 0; k < P; ++k)
                for (std::size_t l = 0; l < Q; ++l) r(i * P + k, j * Q + l) = a(i, j) * b(k, l);
    return r;
}

/// Outer product u v^T: (N) (M) -> (N x M).
template <class A, std::size_t N, class B, std::size_t M>
constexpr auto outer(const vec<A, N>& u, const vec<B, M>& v) {
    using E = std::decay_t<detail::product_t<A, B>>;
    mat<E, N, M> r{};
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = 0; j < M; ++j) r(i, j) = u[i] * v[j];
    return r;
}

/// Inner product sum_i u_i v_i.
template <class A, std::size_t N, class B, std::size_t M>
constexpr auto dot(const vec<A, N>& u, const vec<B, M>& v) {
    static_assert(N == M, "tinydual: dot(u, v) needs u and v of the same size");
    return detail::dot_of<N>([&](std::size_t k) -> const A& { return u[k]; },
                             [&](std::size_t k) -> const B& { return v[k]; });
}

/// Cross product u x v of two 3-vectors (any element types; the result has their product's).
template <class A, std::size_t N, class B, std::size_t M>
constexpr auto cross(const vec<A, N>& u, const vec<B, M>& v) {
    static_assert(N == 3 && M == 3, "tinydual: cross(u, v) needs two 3-vectors");
    using R = std::decay_t<decltype(u[0] * v[0])>;
    return vec<R, 3>{u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
}

/// Squared 2-norm sum_i v_i^2 (a polynomial: its derivatives are right everywhere).
template <class T, std::size_t N>
constexpr T squared_norm(const vec<T, N>& v) {
    return dot(v, v);
}

/// 2-norm sqrt(sum_i v_i^2). Its gradient v / |v| does not exist at v = 0: there the partials are
/// zero under safe_policy (as hypot's at the origin) and NaN under ieee_policy, and the second
/// partials are +inf (the curvature of |v| grows as 1 / |v|).
template <class T, std::size_t N>
T norm(const vec<T, N>& v) {
    using std::sqrt;
    return sqrt(squared_norm(v));
}

/// v / |v|. At v = 0 (in value) there is no direction: v itself is returned, value and partials
/// (as Eigen's normalized() does), finite, never NaN; any derivative there is a convention.
template <class T, std::size_t N>
vec<T, N> normalized(const vec<T, N>& v) {
    const T n = norm(v);
    if (detail::base_value(n) == detail::scalar_t<T>(0)) return v;
    const T inv = T(detail::scalar_t<T>(1)) / n;
    vec<T, N> r{};
    for (std::size_t i = 0; i < N; ++i) r[i] = v[i] * inv;
    return r;
}

/// Sum of all elements.
template <class T, std::size_t N>
constexpr T sum(const vec<T, N>& v) {
    T s = v[0];
    for (std::size_t i = 1; i < N; ++i) s += v[i];
    return s;
}
template <class T, std::size_t R, std::size_t C>
constexpr T sum(const mat<T, R, C>& a) {
    T s = a(0, 0);
    for (std::size_t k = 1; k < R * C; ++k) s += a(k / C, k % C);
    return s;
}

/// Trace of a square matrix.
template <class T, std::size_t R, std::size_t C>
constexpr T trace(const mat<T, R, C>& a) {
    static_assert(R == C, "tinydual: trace(A) needs a square matrix");
    T s = a(0, 0);
    for (std::size_t i = 1; i < R; ++i) s += a(i, i);
    return s;
}

/// Frobenius norm sqrt(sum_ij a_ij^2).
template <class T, std::size_t R, std::size_t C>
T frobenius_norm(const mat<T, R, C>& a) {
    using std::sqrt;
    T s = a.data()[0] * a.data()[0];
    for (std::size_t k = 1; k < R * C; ++k) s += a.data()[k] * a.data()[k];
    return sqrt(s);
}

/// Diagonal matrix with v on the diagonal.
template <class T, std::size_t N>
constexpr mat<T, N, N> diag(const vec<T, N>& v) {
    mat<T, N, N> r{};
    for (std::size_t i = 0; i < N; ++i) r(i, i) = v[i];
    return r;
}

/// The N x N identity matrix.
template <class T, std::size_t N>
constexpr mat<T, N, N> identity() {
    mat<T, N, N> r{};
    for (std::size_t i = 0; i < N; ++i) r(i, i) = T(1);
    return r;
}

}  // namespace tinydual

// determinant and inverse lived here before inverse.hpp; this include keeps that include path whole
#include "inverse.hpp"
