// tinydual/vectorize.hpp: the two vectorization conventions and their inverses.
//
//   tinydual::mat<double, 2, 2> A{{1, 2}, {3, 4}};
//   auto v = tinydual::vectorize(A);               // vec(A) = (1, 3, 2, 4): columns stacked
//   auto w = tinydual::vectorize_rows(A);          // vec_r(A) = (1, 2, 3, 4): row-major order
//
// vectorize(A) = vec(A) stacks the columns of A (A(i, j) at j * rows + i), vectorize_rows(A) =
// vec_r(A) stacks the rows (A(i, j) at i * cols + j). A Jacobian with respect to a matrix is
// d vec(Y) / d vec(X) with column_stacking (the default) or d vec_r(Y) / d vec_r(X) with
// row_stacking (options.hpp); docs/identities.md states the identities the tests check.
#pragma once

#include <cstddef>

#include "mat.hpp"
#include "options.hpp"
#include "vec.hpp"

namespace tinydual {

/// vec(A): the columns of A stacked; A(i, j) is element j * R + i.
template <class T, std::size_t R, std::size_t C>
constexpr vec<T, R * C> vectorize(const mat<T, R, C>& a) {
    vec<T, R * C> v{};
    for (std::size_t j = 0; j < C; ++j)
        for (std::size_t i = 0; i < R; ++i) v[j * R + i] = a(i, j);
    return v;
}
/// vec_r(A): the rows of A stacked (row-major memory order); A(i, j) is element i * C + j.
template <class T, std::size_t R, std::size_t C>
constexpr vec<T, R * C> vectorize_rows(const mat<T, R, C>& a) {
    vec<T, R * C> v{};
    for (std::size_t k = 0; k < R * C; ++k) v[k] = a.data()[k];
    return v;
}
/// A vector is a column: its own vectorization in both conventions.
template <class T, std::size_t N>
constexpr vec<T, N> vectorize(const vec<T, N>& v) {
    return v;
}
template <class T, std::size_t N>
constexpr vec<T, N> vectorize_rows(const vec<T, N>& v) {
    return v;
}
/// vectorize in the convention a tag names.
template <class A>
constexpr auto vectorize(const A& a, column_stacking_t) {
    return vectorize(a);
}
template <class A>
constexpr auto vectorize(const A& a, row_stacking_t) {
    return vectorize_rows(a);
}

/// The inverse of vectorize: the R x C matrix whose stacked columns are v.
template <std::size_t R, std::size_t C, class T, std::size_t N>
constexpr mat<T, R, C> unvectorize(const vec<T, N>& v) {
    static_assert(R * C == N, "tinydual: unvectorize<R, C>(v) needs a vector of exactly R * C elements");
    mat<T, R, C> a{};
    for (std::size_t j = 0; j < C; ++j)
        for (std::size_t i = 0; i < R; ++i) a(i, j) = v[j * R + i];
    return a;
}
/// The inverse of vectorize_rows: the R x C matrix whose stacked rows are v.
template <std::size_t R, std::size_t C, class T, std::size_t N>
constexpr mat<T, R, C> unvectorize_rows(const vec<T, N>& v) {
    static_assert(R * C == N, "tinydual: unvectorize_rows<R, C>(v) needs a vector of exactly R * C elements");
    mat<T, R, C> a{};
    for (std::size_t k = 0; k < N; ++k) a.data()[k] = v[k];
    return a;
}
/// unvectorize in the convention a tag names.
template <std::size_t R, std::size_t C, class T, std::size_t N>
constexpr mat<T, R, C> unvectorize(const vec<T, N>& v, column_stacking_t) {
    return unvectorize<R, C>(v);
}
template <std::size_t R, std::size_t C, class T, std::size_t N>
constexpr mat<T, R, C> unvectorize(const vec<T, N>& v, row_stacking_t) {
    return unvectorize_rows<R, C>(v);
}

}  // namespace tinydual
