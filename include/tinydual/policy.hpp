// tinydual/policy.hpp: what derivatives are at singular points, chosen per type or per call.
//
//   using d = tinydual::dual<double, 2, tinydual::ieee_policy>;          // per type
//   auto g = tinydual::gradient(f, x, tinydual::ieee);                   // per driver call
//
// safe_policy (the default): a zero incoming partial gives a zero outgoing one, whatever f' is
//   there (sqrt(x) at x = 0 with a zero seed has partial 0, not 0 * inf = NaN), so constants and
//   inactive branches never inject NaN; at kinks a one-sided or zero derivative is chosen
//   (abs'(0) = 0, hypot and atan2 at the origin have zero partials, d/dy pow(0, y) = 0, ...).
// ieee_policy: the textbook formula of each derivative evaluated literally in IEEE arithmetic:
//   0 * inf = NaN in a lane with a zero seed, NaN where the derivative does not exist (abs and
//   copysign at 0, hypot and atan2 at the origin), ln(0) * 0^y = NaN for pow(0, y).
// Both give +-inf in the lanes that carry a seed where the derivative is infinite (sqrt, cbrt, log
// at 0, asin and acos at +-1), pick the first argument at ties of min/max/fmin/fmax and give zero
// derivatives for floor/ceil/round/trunc. README "Edge behaviour" has the table, row by row;
// tests/policy.test.cpp pins it.
#pragma once

#include <type_traits>

namespace tinydual {

/// Zero incoming partials stay zero; conventional derivatives at kinks. The default.
struct safe_policy {};
/// Derivative formulas evaluated literally in IEEE arithmetic (inf and NaN included).
struct ieee_policy {};
inline constexpr safe_policy safe{};
inline constexpr ieee_policy ieee{};

/// The tag of the variables a driver makes for a generic function object F under Policy (see
/// second_order.hpp, "Nesting"): distinct per F, so nested driver calls make distinct types.
template <class Policy, class F>
struct call_tag {};

namespace detail {

template <class P>
constexpr bool is_policy = std::is_same<P, safe_policy>::value || std::is_same<P, ieee_policy>::value;

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

}  // namespace detail
}  // namespace tinydual
