// tinydual/nesting.hpp: tags, the policy a tag selects, and the perturbation-confusion rule.
//
//   auto f = [](const auto& x) {                               // x: vec<O, N>
//       using O = std::decay_t<decltype(x[0])>;
//       auto inner = [&](const auto& y) { return x[0] * y[0] * y[1]; };   // captures x
//       return tinydual::gradient(inner, tinydual::vec<O, 2>{O(1.0), x[1]}).gradient[0];
//   };
//
// ---- The nesting rule ----------------------------------------------------------------------
// A driver takes the element type E of the point it is given and makes its variables one level
// above it: gradient(g, y) with y a vec<E, M> calls g with dual<E, M>; hessian with hyper_dual<E, M>.
// Inside a function f that a driver is differentiating, the elements f receives have some type O
// (dual<T, N>, hyper_dual<T, N>, ...). To differentiate again inside f, call the inner driver at
// a point whose elements are O (promote plain numbers with O(c)), as above.
//
// The inner variables are then dual<O, M>: a distinct type, whose value and partials are O's. The
// inner perturbation lives in the outer wrapper and the outer one inside, so the levels cannot be
// confused: the inner driver reads only its own wrapper's partials and returns O values that still
// carry the outer derivatives. A captured outer variable (x[0] above, an O) meets an inner variable
// (a dual<O, M>) as a constant of the inner level whose value still carries the outer
// perturbation, which is right: d/dx [d/dy (x y)] = 1. Any depth works the same way (hessian
// inside gradient: hyper_dual<dual<T, K>, N>; gradient inside hessian: dual<hyper_dual<T, N>, M>;
// hvp, gradient of gradient: dual<dual<T, N>, N>).
//
// Perturbation confusion: calling the inner driver at plain numbers while capturing outer
// variables builds the inner variables on plain T, unrelated to the outer level. It never
// compiles silently: two numbers of one scalar type meet in an expression when neither is a
// constant of the other's level (neither converts to the other's value_type), and that stops with
// one static_assert stating this rule. The types differ because the kinds or sizes differ, or,
// for the same driver with the same T and N at both levels, by their tag: a driver called with a
// generic function object (a generic lambda, or a class with a template operator()) tags its
// variables call_tag<Policy, F>, F being that function's class, so two nested calls make two
// types. Duals built by hand, and the argument of a function with one fixed signature
// (gradient_input_t<X>, hessian_input_t<X>, ...), have the policy's tag (void for the default).
// Not detected: the same function object type differentiated at both levels, and two functions
// with fixed signatures (both tags void). So: promote the inner point to the outer element type.
#pragma once

#include <cstddef>
#include <type_traits>

#include "detail/traits.hpp"
#include "policy.hpp"

namespace tinydual {

/// The tag of the variables a driver makes for a generic function object F under Policy:
/// distinct per F, so nested driver calls make distinct types.
template <class Policy, class F>
struct call_tag {};

namespace detail {

/// The policy a number type's tag selects: ieee_policy, call_tag<ieee_policy, F>, or safe.
template <class Tag>
struct policy_of {
    using type = safe_policy;
};
template <>
struct policy_of<ieee_policy> {
    using type = ieee_policy;
};
template <class P, class F>
struct policy_of<call_tag<P, F>> {
    using type = P;
};

/// True when the number type D evaluates derivatives under ieee_policy.
template <class D>
constexpr bool ieee_rules() {
    return std::is_same<typename policy_of<typename D::tag_type>::type, ieee_policy>::value;
}

/// The tag a policy alone gives (a function with a fixed signature): void for the default.
template <class Policy>
using policy_tag_t = std::conditional_t<std::is_same<Policy, safe_policy>::value, void, Policy>;

/// The tag a driver gives its variables under Policy: call_tag<Policy, F> when f is generic (a
/// generic lambda or a class with a template operator()), the policy's own tag when f has one
/// fixed signature (it names gradient_input_t<X> and friends) or is a plain function.
template <class F, class Policy, class = void>
struct driver_tag {
    using type = std::conditional_t<std::is_class<F>::value, call_tag<Policy, F>, policy_tag_t<Policy>>;
};
template <class F, class Policy>
struct driver_tag<F, Policy, std::void_t<decltype(&F::operator())>> {
    using type = policy_tag_t<Policy>;
};
template <class F, class Policy = safe_policy>
using driver_tag_t = typename driver_tag<std::remove_cv_t<std::remove_reference_t<F>>, Policy>::type;

/// A is a constant of B's level: B's value type is A, or is built from it (B = dual<A, M>,
/// dual<dual<A, K>, M>, ...).
template <class A, class B, bool = is_ad<B>>
struct is_constant_of : std::false_type {};
template <class A, class B>
struct is_constant_of<A, B, true>
    : std::integral_constant<bool, std::is_convertible<A, typename B::value_type>::value> {};

/// Two forward-mode numbers of one scalar type that may not meet: different levels of
/// differentiation (perturbation confusion) or different policies.
template <class A, class B>
constexpr bool levels_clash = is_ad<A> && is_ad<B> && !std::is_same<A, B>::value &&
                              std::is_same<scalar_t<A>, scalar_t<B>>::value && !is_constant_of<A, B>::value &&
                              !is_constant_of<B, A>::value;

}  // namespace detail

// ---- two numbers of different levels in one expression: a compile-time error ----
#define TINYDUAL_CLASH_MESSAGE                                                                                  \
    "tinydual: two dual numbers of different tags meet in one expression: different policies (safe_policy, "   \
    "ieee_policy), or, the usual case, two dual numbers from different driver calls (perturbation confusion): " \
    "an inner driver was called at plain numbers inside a function being differentiated and mixes its "        \
    "variables with the outer ones. Call the inner driver at a point whose elements have the outer type, "     \
    "vec<std::decay_t<decltype(x[0])>, M>{...}; see the nesting rule in nesting.hpp"
namespace detail {
/// The report of a clash: a class whose instantiation fails, once per scalar type, however many
/// operators, driver passes and nesting levels meet the clash (a static_assert in each of them
/// would print the message once per instantiation: 5 to 8 times for a gradient in a gradient).
template <class S>
struct clash_report {
    static_assert(dependent_false<S>, TINYDUAL_CLASH_MESSAGE);
};
/// Reports a clash of numbers on A's scalar type (see clash_report).
template <class A>
constexpr void report_clash() {
    static_cast<void>(sizeof(clash_report<scalar_t<A>>));
}
}  // namespace detail
#define TINYDUAL_CLASH(R, op)                                                                     \
    template <class A, class B, std::enable_if_t<detail::levels_clash<A, B>, int> = 0>             \
    R op(const A&, const B&) {                                                                     \
        detail::report_clash<A>();                                                                 \
        return R{};                                                                                \
    }
TINYDUAL_CLASH(A, operator+)
TINYDUAL_CLASH(A, operator-)
TINYDUAL_CLASH(A, operator*)
TINYDUAL_CLASH(A, operator/)
TINYDUAL_CLASH(bool, operator==)
TINYDUAL_CLASH(bool, operator!=)
TINYDUAL_CLASH(bool, operator<)
TINYDUAL_CLASH(bool, operator<=)
TINYDUAL_CLASH(bool, operator>)
TINYDUAL_CLASH(bool, operator>=)
TINYDUAL_CLASH(A, pow)
TINYDUAL_CLASH(A, atan2)
TINYDUAL_CLASH(A, hypot)
TINYDUAL_CLASH(A, copysign)
TINYDUAL_CLASH(A, fmod)
TINYDUAL_CLASH(A, min)
TINYDUAL_CLASH(A, max)
TINYDUAL_CLASH(A, fmin)
TINYDUAL_CLASH(A, fmax)
#undef TINYDUAL_CLASH

}  // namespace tinydual
