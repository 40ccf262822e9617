// tinydual/elementwise.hpp: the <cmath> functions element-wise on vec and mat, for every element
// type (float, double, dual, hyper_dual, ...).
//
//   tinydual::vec<double, 3> v{0.0, 0.5, 1.0};
//   auto s = sin(v);                          // (sin 0, sin .5, sin 1)
//   auto p = pow(v, 2.0);                     // element-wise, the scalar taken in v's precision
//
// Binary functions take two containers of one shape (a mismatch is a compile-time error), or a
// vector and a scalar of its element type.
#pragma once

#include <cmath>
#include <cstddef>
#include <type_traits>

#include "mat.hpp"
#include "vec.hpp"

namespace tinydual {
namespace detail {
/// r[k] = f(a[k]) over every element of a vec or a mat.
template <class F, class T, std::size_t N>
constexpr auto apply(F f, const vec<T, N>& a) {
    vec<std::decay_t<decltype(f(a[0]))>, N> r{};
    for (std::size_t i = 0; i < N; ++i) r[i] = f(a[i]);
    return r;
}
template <class F, class T, std::size_t R, std::size_t C>
constexpr auto apply(F f, const mat<T, R, C>& a) {
    mat<std::decay_t<decltype(f(a(0, 0)))>, R, C> r{};
    for (std::size_t k = 0; k < R * C; ++k) r.data()[k] = f(a.data()[k]);
    return r;
}
/// r[k] = f(a[k], b[k]) over two vecs of one size or two mats of one shape.
template <class F, class A, std::size_t N, class B, std::size_t M>
constexpr auto apply(F f, const vec<A, N>& a, const vec<B, M>& b) {
    static_assert(N == M, "tinydual: an element-wise function of two vectors needs two vectors of the same size");
    vec<std::decay_t<decltype(f(a[0], b[0]))>, N> r{};
    for (std::size_t i = 0; i < N; ++i) r[i] = f(a[i], b[i]);
    return r;
}
template <class F, class A, std::size_t R, std::size_t C, class B, std::size_t R2, std::size_t C2>
constexpr auto apply(F f, const mat<A, R, C>& a, const mat<B, R2, C2>& b) {
    static_assert(R == R2 && C == C2,
                  "tinydual: an element-wise function of two matrices needs two matrices of the same shape");
    mat<std::decay_t<decltype(f(a(0, 0), b(0, 0)))>, R, C> r{};
    for (std::size_t k = 0; k < R * C; ++k) r.data()[k] = f(a.data()[k], b.data()[k]);
    return r;
}
template <class X>
constexpr bool is_container = is_vec<X>::value || is_mat<X>::value;
}  // namespace detail

#define TINYDUAL_ELEMENTWISE_UNARY(name)                                           \
    template <class X, std::enable_if_t<detail::is_container<X>, int> = 0>         \
    constexpr X name(const X& x) {                                                 \
        return detail::apply([](const auto& e) { using std::name; return name(e); }, x); \
    }
TINYDUAL_ELEMENTWISE_UNARY(abs)
TINYDUAL_ELEMENTWISE_UNARY(fabs)
TINYDUAL_ELEMENTWISE_UNARY(sqrt)
TINYDUAL_ELEMENTWISE_UNARY(cbrt)
TINYDUAL_ELEMENTWISE_UNARY(exp)
TINYDUAL_ELEMENTWISE_UNARY(exp2)
TINYDUAL_ELEMENTWISE_UNARY(expm1)
TINYDUAL_ELEMENTWISE_UNARY(log)
TINYDUAL_ELEMENTWISE_UNARY(log2)
TINYDUAL_ELEMENTWISE_UNARY(log10)
TINYDUAL_ELEMENTWISE_UNARY(log1p)
TINYDUAL_ELEMENTWISE_UNARY(sin)
TINYDUAL_ELEMENTWISE_UNARY(cos)
TINYDUAL_ELEMENTWISE_UNARY(tan)
TINYDUAL_ELEMENTWISE_UNARY(asin)
TINYDUAL_ELEMENTWISE_UNARY(acos)
TINYDUAL_ELEMENTWISE_UNARY(atan)
TINYDUAL_ELEMENTWISE_UNARY(sinh)
TINYDUAL_ELEMENTWISE_UNARY(cosh)
TINYDUAL_ELEMENTWISE_UNARY(tanh)
TINYDUAL_ELEMENTWISE_UNARY(asinh)
TINYDUAL_ELEMENTWISE_UNARY(acosh)
TINYDUAL_ELEMENTWISE_UNARY(atanh)
TINYDUAL_ELEMENTWISE_UNARY(erf)
TINYDUAL_ELEMENTWISE_UNARY(erfc)
TINYDUAL_ELEMENTWISE_UNARY(floor)
TINYDUAL_ELEMENTWISE_UNARY(ceil)
TINYDUAL_ELEMENTWISE_UNARY(round)
TINYDUAL_ELEMENTWISE_UNARY(trunc)
#undef TINYDUAL_ELEMENTWISE_UNARY

// Two containers of one shape, or a vector and a scalar of its element type.
#define TINYDUAL_ELEMENTWISE_BINARY(name)                                                               \
    template <class X, class Y, std::enable_if_t<detail::is_container<X> && detail::is_container<Y>, int> = 0> \
    constexpr auto name(const X& a, const Y& b) {                                                        \
        return detail::apply([](const auto& x, const auto& y) { using std::name; return name(x, y); }, a, b); \
    }                                                                                                    \
    template <class A, std::size_t N>                                                                    \
    constexpr vec<A, N> name(const vec<A, N>& a, const type_identity_t<A>& s) {                          \
        return detail::apply([&s](const auto& x) { using std::name; return name(x, s); }, a);           \
    }
TINYDUAL_ELEMENTWISE_BINARY(pow)
TINYDUAL_ELEMENTWISE_BINARY(atan2)
TINYDUAL_ELEMENTWISE_BINARY(hypot)
TINYDUAL_ELEMENTWISE_BINARY(fmin)
TINYDUAL_ELEMENTWISE_BINARY(fmax)
TINYDUAL_ELEMENTWISE_BINARY(copysign)
TINYDUAL_ELEMENTWISE_BINARY(fmod)
#undef TINYDUAL_ELEMENTWISE_BINARY

}  // namespace tinydual
