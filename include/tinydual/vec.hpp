// tinydual/vec.hpp: vec<T, N>, a fixed-size vector of any element type (float, double, dual, ...).
//
//   tinydual::vec<double, 3> v{1.0, 2.0, 3.0};
//   auto w = 2.0 * v + v;                  // element-wise, SIMD for float and double
//   double s = w[0] + static_cast<double>(w.size());
//
// An aggregate: brace initialisation, trivially copyable when T is. Element-wise + - * / between
// vectors of the same size (a size mismatch is a compile-time error) and with scalars on either
// side. A plain scalar is taken in the element's own precision (vec<float> * 2.0 stays float).
#pragma once

#include <cstddef>
#include <type_traits>

#include "config.hpp"
#include "detail/traits.hpp"
#include "simd/storage.hpp"

namespace tinydual {

template <class T, std::size_t N>
struct vec {
    static_assert(N >= 1, "tinydual: vec<T, N> needs N >= 1");
    using value_type = T;
    T elems[N];

    static constexpr std::size_t size() noexcept { return N; }
    TINYDUAL_INLINE constexpr T& operator[](std::size_t i) {
        TINYDUAL_ASSERT(i < N);
        return elems[i];
    }
    TINYDUAL_INLINE constexpr const T& operator[](std::size_t i) const {
        TINYDUAL_ASSERT(i < N);
        return elems[i];
    }
    constexpr T* data() noexcept { return elems; }
    constexpr const T* data() const noexcept { return elems; }
    constexpr T* begin() noexcept { return elems; }
    constexpr T* end() noexcept { return elems + N; }
    constexpr const T* begin() const noexcept { return elems; }
    constexpr const T* end() const noexcept { return elems + N; }

    /// Every element equal to x.
    static constexpr vec filled(const T& x) {
        vec r{};
        for (std::size_t i = 0; i < N; ++i) r.elems[i] = x;
        return r;
    }
    /// All zeros.
    static constexpr vec zero() { return filled(T(0)); }
};

template <class T>
struct type_identity {
    using type = T;
};
template <class T>
using type_identity_t = typename type_identity<T>::type;

namespace detail {
/// r[i] = f(a[i], b[i], ...) over arrays of Len elements; SIMD when every operand is float or
/// double of one type, an element loop otherwise.
template <class R, std::size_t Len, class F, class... In>
TINYDUAL_INLINE constexpr void elementwise(R* out, F&& f, const In*... in) {
    if constexpr ((std::is_same<R, In>::value && ...))
        simd::transform<R, Len>(out, f, in...);
    else
        for (std::size_t i = 0; i < Len; ++i) out[i] = f(in[i]...);
}
template <class A, class B>
using sum_t = decltype(std::declval<const A&>() + std::declval<const B&>());
template <class A, class B>
using product_t = decltype(std::declval<const A&>() * std::declval<const B&>());
}  // namespace detail

// Element-wise operators: vec op vec (same size), vec op scalar, scalar op vec. The scalar is
// either the element type or, for a vector of duals, the duals' value type (no partials to carry).
#define TINYDUAL_VEC_OPERATOR(op, name)                                                                     \
    template <class A, std::size_t N, class B, std::size_t M>                                               \
    constexpr auto operator op(const vec<A, N>& a, const vec<B, M>& b) {                                    \
        static_assert(N == M, "tinydual: element-wise " name " needs two vectors of the same size");         \
        vec<std::decay_t<decltype(a[0] op b[0])>, N> r{};                                                     \
        detail::elementwise<std::decay_t<decltype(a[0] op b[0])>, N>(                                        \
            r.elems, [](const auto& x, const auto& y) { return x op y; }, a.elems, b.elems);                \
        return r;                                                                                           \
    }                                                                                                       \
    template <class A, std::size_t N>                                                                       \
    constexpr vec<A, N> operator op(const vec<A, N>& a, const type_identity_t<A>& s) {                      \
        vec<A, N> r{};                                                                                      \
        detail::elementwise<A, N>(r.elems, [&s](const auto& x) { return x op s; }, a.elems);                \
        return r;                                                                                           \
    }                                                                                                       \
    template <class A, std::size_t N>                                                                       \
    constexpr vec<A, N> operator op(const type_identity_t<A>& s, const vec<A, N>& a) {                      \
        vec<A, N> r{};                                                                                      \
        detail::elementwise<A, N>(r.elems, [&s](const auto& x) { return s op x; }, a.elems);                \
        return r;                                                                                           \
    }                                                                                                       \
    template <class A, std::size_t N, std::enable_if_t<detail::is_ad<A>, int> = 0>                          \
    constexpr vec<A, N> operator op(const vec<A, N>& a, const typename A::value_type& s) {                  \
        vec<A, N> r{};                                                                                      \
        for (std::size_t i = 0; i < N; ++i) r.elems[i] = a.elems[i] op s;                                   \
        return r;                                                                                           \
    }                                                                                                       \
    template <class A, std::size_t N, std::enable_if_t<detail::is_ad<A>, int> = 0>                          \
    constexpr vec<A, N> operator op(const typename A::value_type& s, const vec<A, N>& a) {                  \
        vec<A, N> r{};                                                                                      \
        for (std::size_t i = 0; i < N; ++i) r.elems[i] = s op a.elems[i];                                   \
        return r;                                                                                           \
    }                                                                                                       \
    template <class A, std::size_t N, class B>                                                              \
    constexpr vec<A, N>& operator op##=(vec<A, N>& a, const B& b) {                                         \
        a = a op b;                                                                                         \
        return a;                                                                                           \
    }

TINYDUAL_VEC_OPERATOR(+, "addition")
TINYDUAL_VEC_OPERATOR(-, "subtraction")
TINYDUAL_VEC_OPERATOR(*, "multiplication")
TINYDUAL_VEC_OPERATOR(/, "division")
#undef TINYDUAL_VEC_OPERATOR

template <class A, std::size_t N>
constexpr vec<A, N> operator-(const vec<A, N>& a) {
    vec<A, N> r{};
    detail::elementwise<A, N>(r.elems, [](const auto& x) { return -x; }, a.elems);
    return r;
}
template <class A, std::size_t N>
constexpr const vec<A, N>& operator+(const vec<A, N>& a) {
    return a;
}

/// Exact element-wise equality of two vectors of the same size.
template <class A, std::size_t N, class B, std::size_t M>
constexpr bool operator==(const vec<A, N>& a, const vec<B, M>& b) {
    static_assert(N == M, "tinydual: comparing vectors of different sizes");
    for (std::size_t i = 0; i < N; ++i)
        if (!(a[i] == b[i])) return false;
    return true;
}
template <class A, std::size_t N, class B, std::size_t M>
constexpr bool operator!=(const vec<A, N>& a, const vec<B, M>& b) {
    return !(a == b);
}

}  // namespace tinydual
