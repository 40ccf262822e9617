// tinydual/mat.hpp: mat<T, R, C>, a fixed-size row-major matrix of any element type.
//
//   tinydual::mat<float, 2, 3> A{{1, 2, 3},
//                                {4, 5, 6}};       // row by row (or flat: {1, 2, 3, 4, 5, 6})
//   auto B = A + 2.0f * A;                         // element-wise; A * B is the matrix product
//   float a12 = B(1, 2);                           // (linalg.hpp)
//
// Trivially copyable when T is; brace initialisation row by row ({{1, 2}, {3, 4}}; a short row
// is completed with zeros) or flat with exactly R*C elements ({1, 2, 3, 4}). Element-wise + - between matrices of the same shape
// (a mismatch is a compile-time error), * and / with scalars on either side, unary minus.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <type_traits>

#include "vec.hpp"

namespace tinydual {

template <class T, std::size_t R, std::size_t C>
struct mat {
    static_assert(R >= 1 && C >= 1, "tinydual: mat<T, R, C> needs at least one row and one column");
    using value_type = T;
    T elems[R][C];

    /// Uninitialised like a built-in array; mat<T, R, C>{} is all zeros.
    mat() = default;
    /// Row by row: {{a, b, c}, {d, e, f}}. Missing trailing elements are zero.
    constexpr mat(std::initializer_list<std::initializer_list<T>> rows_) : elems{} {
        TINYDUAL_ASSERT(rows_.size() <= R);
        std::size_t i = 0;
        for (const auto& r : rows_) {
            TINYDUAL_ASSERT(r.size() <= C);
            std::size_t j = 0;
            for (const auto& x : r) elems[i][j++] = x;
            ++i;
        }
    }
    /// Flat, in row-major order: {a, b, c, d, e, f}, exactly R*C elements.
    template <class... Args, std::enable_if_t<sizeof...(Args) == R * C && (R * C > 1) &&
                                                  (std::is_convertible<const Args&, T>::value && ...),
                                              int> = 0>
    constexpr mat(const Args&... flat) : elems{} {
        std::size_t k = 0;
        ((elems[k / C][k % C] = static_cast<T>(flat), ++k), ...);
    }

    static constexpr std::size_t rows() noexcept { return R; }
    static constexpr std::size_t cols() noexcept { return C; }
    static constexpr std::size_t size() noexcept { return R * C; }
    TINYDUAL_INLINE constexpr T& operator()(std::size_t i, std::size_t j) {
        TINYDUAL_ASSERT(i < R && j < C);
        return elems[i][j];
    }
    TINYDUAL_INLINE constexpr const T& operator()(std::size_t i, std::size_t j) const {
        TINYDUAL_ASSERT(i < R && j < C);
        return elems[i][j];
    }
    /// The R*C elements in memory (row-major) order.
    constexpr T* data() noexcept { return &elems[0][0]; }
    constexpr const T* data() const noexcept { return &elems[0][0]; }

    /// Row i as a vector.
    constexpr vec<T, C> row(std::size_t i) const {
        vec<T, C> r{};
        for (std::size_t j = 0; j < C; ++j) r[j] = (*this)(i, j);
        return r;
    }
    /// Column j as a vector.
    constexpr vec<T, R> col(std::size_t j) const {
        vec<T, R> r{};
        for (std::size_t i = 0; i < R; ++i) r[i] = (*this)(i, j);
        return r;
    }
    /// Every element equal to x.
    static constexpr mat filled(const T& x) {
        mat r{};
        for (std::size_t i = 0; i < R; ++i)
            for (std::size_t j = 0; j < C; ++j) r.elems[i][j] = x;
        return r;
    }
    static constexpr mat zero() { return filled(T(0)); }
};

namespace detail {
/// r(i, j) = f(m(i, j)...) for every element: over the flat row-major storage (SIMD where every
/// operand is float or double of one type), or row by row in a constant expression (where a
/// pointer may not leave the row it points into).
template <class E, std::size_t R, std::size_t C, class F, class... M>
TINYDUAL_INLINE constexpr void mat_map(mat<E, R, C>& r, F&& f, const M&... m) {
    if (is_constant_evaluated()) {
        for (std::size_t i = 0; i < R; ++i)
            for (std::size_t j = 0; j < C; ++j) r.elems[i][j] = f(m.elems[i][j]...);
        return;
    }
    elementwise<E, R * C>(r.data(), f, m.data()...);
}
}  // namespace detail

#define TINYDUAL_MAT_ELEMENTWISE(op, name)                                                                   \
    template <class A, std::size_t R, std::size_t C, class B, std::size_t R2, std::size_t C2>                 \
    constexpr auto operator op(const mat<A, R, C>& a, const mat<B, R2, C2>& b) {                              \
        static_assert(R == R2 && C == C2, "tinydual: matrix " name " needs two matrices of the same shape");  \
        using E = std::decay_t<decltype(a(0, 0) op b(0, 0))>;                                                 \
        mat<E, R, C> r{};                                                                                     \
        detail::mat_map(r, [](const auto& x, const auto& y) { return x op y; }, a, b);                        \
        return r;                                                                                             \
    }                                                                                                         \
    template <class A, std::size_t R, std::size_t C, class B>                                                 \
    constexpr mat<A, R, C>& operator op##=(mat<A, R, C>& a, const B& b) {                                     \
        a = a op b;                                                                                           \
        return a;                                                                                             \
    }
TINYDUAL_MAT_ELEMENTWISE(+, "addition")
TINYDUAL_MAT_ELEMENTWISE(-, "subtraction")
#undef TINYDUAL_MAT_ELEMENTWISE

#define TINYDUAL_MAT_SCALAR(op)                                                                                \
    template <class A, std::size_t R, std::size_t C>                                                          \
    constexpr mat<A, R, C> operator op(const mat<A, R, C>& a, const type_identity_t<A>& s) {                  \
        mat<A, R, C> r{};                                                                                     \
        detail::mat_map(r, [&s](const auto& x) { return x op s; }, a);                                        \
        return r;                                                                                             \
    }                                                                                                         \
    template <class A, std::size_t R, std::size_t C, std::enable_if_t<detail::is_ad<A>, int> = 0>             \
    constexpr mat<A, R, C> operator op(const mat<A, R, C>& a, const typename A::value_type& s) {              \
        mat<A, R, C> r{};                                                                                     \
        detail::mat_map(r, [&s](const auto& x) { return x op s; }, a);                                        \
        return r;                                                                                             \
    }                                                                                                         \
    template <class A, std::size_t R, std::size_t C>                                                          \
    constexpr mat<A, R, C>& operator op##=(mat<A, R, C>& a, const type_identity_t<A>& s) {                    \
        a = a op s;                                                                                           \
        return a;                                                                                             \
    }
TINYDUAL_MAT_SCALAR(*)
TINYDUAL_MAT_SCALAR(/)
#undef TINYDUAL_MAT_SCALAR

template <class A, std::size_t R, std::size_t C>
constexpr mat<A, R, C> operator*(const type_identity_t<A>& s, const mat<A, R, C>& a) {
    mat<A, R, C> r{};
    detail::mat_map(r, [&s](const auto& x) { return s * x; }, a);
    return r;
}
template <class A, std::size_t R, std::size_t C, std::enable_if_t<detail::is_ad<A>, int> = 0>
constexpr mat<A, R, C> operator*(const typename A::value_type& s, const mat<A, R, C>& a) {
    mat<A, R, C> r{};
    detail::mat_map(r, [&s](const auto& x) { return s * x; }, a);
    return r;
}
template <class A, std::size_t R, std::size_t C>
constexpr mat<A, R, C> operator-(const mat<A, R, C>& a) {
    mat<A, R, C> r{};
    detail::mat_map(r, [](const auto& x) { return -x; }, a);
    return r;
}

/// Exact element-wise equality of two matrices of the same shape.
template <class A, std::size_t R, std::size_t C, class B, std::size_t R2, std::size_t C2>
constexpr bool operator==(const mat<A, R, C>& a, const mat<B, R2, C2>& b) {
    static_assert(R == R2 && C == C2, "tinydual: comparing matrices of different shapes");
    for (std::size_t i = 0; i < R; ++i)
        for (std::size_t j = 0; j < C; ++j)
            if (!(a(i, j) == b(i, j))) return false;
    return true;
}
template <class A, std::size_t R, std::size_t C, class B, std::size_t R2, std::size_t C2>
constexpr bool operator!=(const mat<A, R, C>& a, const mat<B, R2, C2>& b) {
    return !(a == b);
}

}  // namespace tinydual
