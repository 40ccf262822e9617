// tinydual/detail/arithmetic.hpp: the operators written once for every forward-mode number type
// through its chain rules (not part of the public API). A number type D with value type T
// inherits ad_arithmetic<D, T> and supplies its storage, the linear operations (+, -, unary -,
// D * T, D / T, compound += -= with D and T, *= /= with T) and
//   D::chain(a, f, df, d2f)                 f(a) with f' = df and f'' = d2f() (a thunk)
//   D::chain2(a, b, f, fa, fb, second)      f(a, b) with first partials fa, fb and
//                                           second() = {faa, fab, fbb}
// A first-order type ignores the f'' thunks, so it never evaluates them.
//
// The mixins derive from Base, which holds the number's data: a floating-point aggregate with an
// empty base class is passed differently by C++14 and C++17 code on Arm, and GCC prints a -Wpsabi
// note at each by-value use of such a type, in the user's code.
#pragma once

#include "../config.hpp"

namespace tinydual {
namespace detail {

/// Second partial derivatives of a two-argument function: f_aa, f_ab, f_bb.
template <class T>
struct second2 {
    T aa, ab, bb;
};

/// The root of a mixin chain whose number type keeps its data itself.
struct no_data {};

template <class D, class T, class Base = no_data>
struct ad_arithmetic : Base {
    using Base::Base;

    // ---- comparisons: on values, with a number or a plain value on either side (a bool; a lane
    // mask for batched numbers) ----
#define TINYDUAL_COMPARISON(op)                                                                   \
    friend constexpr auto operator op(const D& a, const D& b) { return a.value() op b.value(); } \
    friend constexpr auto operator op(const D& a, const T& b) { return a.value() op b; }         \
    friend constexpr auto operator op(const T& a, const D& b) { return a op b.value(); }
    TINYDUAL_COMPARISON(==)
    TINYDUAL_COMPARISON(!=)
    TINYDUAL_COMPARISON(<)
    TINYDUAL_COMPARISON(<=)
    TINYDUAL_COMPARISON(>)
    TINYDUAL_COMPARISON(>=)
#undef TINYDUAL_COMPARISON

    // (a b)' = a' b + a b', (a b)'' = b a'' + a b'' + a' b'^T + b' a'^T
    friend TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR D operator*(const D& a, const D& b) {
        return D::chain2(a, b, a.value() * b.value(), b.value(), a.value(),
                         [] { return second2<T>{T(0), T(1), T(0)}; });
    }
    friend TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR D operator*(const T& a, const D& b) { return b * a; }
    // (a / b)_a = 1/b, (a / b)_b = -(a/b)/b; _aa = 0, _ab = -1/b^2, _bb = 2 (a/b)/b^2
    friend TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR D operator/(const D& a, const D& b) {
        const T inv = T(1) / b.value();
        const T q = a.value() * inv;
        return D::chain2(a, b, a.value() / b.value(), inv, -q * inv, [&] {
            const T inv2 = inv * inv;
            return second2<T>{T(0), -inv2, T(2) * q * inv2};
        });
    }
    // (a / b)' = -(a / b^2) b', (a / b)'' = 2 a / b^3
    friend TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR D operator/(const T& a, const D& b) {
        const T q = a / b.value();
        const T df = -q / b.value();
        return D::chain(b, q, df, [&] { return T(-2) * df / b.value(); });
    }
    friend TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR D& operator*=(D& a, const D& b) { return a = a * b; }
    friend TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR D& operator/=(D& a, const D& b) { return a = a / b; }
};

}  // namespace detail
}  // namespace tinydual
