// Test support for the matrix-calculus tests: reference Kronecker products, identities,
// transposes and products written as plain loops, independently of linalg.hpp, and a check that
// a structured Jacobian agrees with a dense one.
#pragma once

#include "testing.hpp"

namespace tdtest {

template <class T, std::size_t M, std::size_t N, std::size_t P, std::size_t Q>
mat<T, M * P, N * Q> ref_kron(const mat<T, M, N>& a, const mat<T, P, Q>& b) {
    mat<T, M * P, N * Q> r{};
    for (std::size_t i = 0; i < M; ++i)
        for (std::size_t j = 0; j < N; ++j)
            for (std::size_t k = 0; k < P; ++k)
                for (std::size_t l = 0; l < Q; ++l) r(i * P + k, j * Q + l) = a(i, j) * b(k, l);
    return r;
}
template <class T, std::size_t N>
mat<T, N, N> eye() {
    mat<T, N, N> r{};
    for (std::size_t i = 0; i < N; ++i) r(i, i) = T(1);
    return r;
}
template <class T, std::size_t R, std::size_t C>
mat<T, C, R> tr(const mat<T, R, C>& a) {
    mat<T, C, R> r{};
    for (std::size_t i = 0; i < R; ++i)
        for (std::size_t j = 0; j < C; ++j) r(j, i) = a(i, j);
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
template <class T, std::size_t N>
mat<T, N, 1> column(const vec<T, N>& v) {
    mat<T, N, 1> r{};
    for (std::size_t i = 0; i < N; ++i) r(i, 0) = v[i];
    return r;
}
/// A numerator-layout reference in numerator or denominator layout.
template <bool Denominator, class M>
auto in_layout(const M& j) {
    if constexpr (Denominator)
        return tr(j);
    else
        return j;
}
/// Tolerance of the matrix-calculus checks: sums of a few products of O(1) numbers.
template <class T>
T matrix_tol() {
    return closed_form_tol<T>() * T(8);
}
/// A structured Jacobian J (kron_jacobian, diagonal_jacobian) agrees with the dense one:
/// J.dense() == dense and J.apply(v) == dense * v at a random v.
template <class T, class J, class M>
void check_structured(const J& j, const M& dense, rng& g) {
    check_close(j.dense(), dense, matrix_tol<T>());
    const auto v = g.vector<T, M::cols()>(-1, 1);
    check_close(j.apply(v), dense * v, matrix_tol<T>());
}

}  // namespace tdtest
