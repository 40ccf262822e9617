// tinydual/derivative_rule.hpp: give a function its derivative once, for every number type.
//
//   // a function tinydual cannot see into: a table lookup, C code, an iterative solve...
//   double lut(double x);          double lut_slope(double x);
//   const auto f = tinydual::with_derivative(lut, lut_slope);
//   auto y = f(x);                 // x a double, a dual, a nested dual...: y = lut(x), y' = lut_slope(x) x'
//   const auto g = tinydual::with_derivative(lut, lut_slope, lut_curvature);   // also f'' (hyper_dual)
//
// with_derivative(f, df[, d2f]) returns a callable: on a plain number it is f; on a dual or
// hyper_dual it calls f, df (and d2f) on the value and applies the number type's own chain
// rule, the one every function of math.hpp goes through, so policies (safe_policy's zero
// partials, ieee_policy) hold as for sin or sqrt. f, df and d2f only ever see plain numbers
// (the scalar type of the argument: float stays float) when the argument is a dual or a
// hyper_dual; on a nested dual<dual<T, M>, N> the rule applies itself level by level, which
// needs d2f (the inner level differentiates df). A second-order use without d2f is a compile-time
// error that says so. One argument; several arguments: compose rules, or use D::chain2.
#pragma once

#include <type_traits>
#include <utility>

#include "detail/traits.hpp"

namespace tinydual {
namespace detail {

/// "No further derivative was given." (Callable, so that the static_assert that reports a
/// missing derivative is the only error.)
struct no_derivative {
    template <class X>
    constexpr X operator()(const X&) const {
        return X(0);
    }
};

template <class F, class DF, class D2F>
struct derivative_rule;

template <class F, class DF, class D2F>
constexpr derivative_rule<F, DF, D2F> make_rule(F f, DF df, D2F d2f) {
    return derivative_rule<F, DF, D2F>{std::move(f), std::move(df), std::move(d2f)};
}

template <class F, class DF, class D2F>
struct derivative_rule {
    F f;
    DF df;
    D2F d2f;

    template <class X>
    constexpr auto operator()(const X& x) const {
        if constexpr (!is_ad<X>) {
            static_assert(!std::is_same<F, no_derivative>::value,
                          "tinydual::with_derivative: this number type needs a higher derivative than was given: "
                          "nested duals need d2f (with_derivative(f, df, d2f)), a hyper_dual of duals a third");
            return static_cast<X>(f(x));
        } else {
            static_assert(!(std::is_same<D2F, no_derivative>::value && is_hyper_dual<X>::value),
                          "tinydual::with_derivative: a hyper_dual needs the second derivative: give it as "
                          "with_derivative(f, df, d2f)");
            using T = typename X::value_type;
            const T& v = x.value();
            // Inner levels of a nested number: the value is f at v, the derivative is df at v,
            // each a rule one order lower (df's derivative is d2f).
            const T fv = (*this)(v);
            const T dfv = make_rule(df, d2f, no_derivative{})(v);
            if constexpr (is_hyper_dual<X>::value && !std::is_same<D2F, no_derivative>::value) {
                return X::chain(x, fv, dfv, [&] { return make_rule(d2f, no_derivative{}, no_derivative{})(v); });
            } else {
                return X::chain(x, fv, dfv, [] { return T(0); });  // a dual never asks for f''
                // (nor does the hyper_dual the static_assert above has rejected)
            }
        }
    }
};

}  // namespace detail

/// f with its derivative df: a callable on plain numbers, duals and nested duals (see above).
template <class F, class DF>
constexpr auto with_derivative(F f, DF df) {
    return detail::make_rule(std::move(f), std::move(df), detail::no_derivative{});
}
/// f with its first and second derivatives df and d2f: also for hyper_dual.
template <class F, class DF, class D2F>
constexpr auto with_derivative(F f, DF df, D2F d2f) {
    return detail::make_rule(std::move(f), std::move(df), std::move(d2f));
}

}  // namespace tinydual
