// tinydual/policy.hpp: what derivatives are at singular points, chosen per type or per call.
//
//   using d = tinydual::dual<double, 2, tinydual::ieee_policy>;          // per type
//   auto g = tinydual::gradient(f, x, tinydual::ieee);                   // per driver call
//
// safe_policy (the default): a zero incoming partial gives a zero outgoing one, whatever f' is
//   there (sqrt(x) at x = 0 with a zero seed has partial 0, not 0 * inf = NaN), so constants and
//   inactive branches never inject NaN; at kinks a one-sided or zero derivative is chosen
//   (abs'(0) = 0, hypot and atan2 at the origin have zero partials, d/dy pow(0, y) = 0, ...).
//   The sign of a zero derivative is not specified.
// ieee_policy: the textbook formula of each derivative evaluated literally in IEEE arithmetic:
//   0 * inf = NaN in a lane with a zero seed, NaN where the derivative does not exist (abs and
//   copysign at 0, hypot and atan2 at the origin), ln(0) * 0^y = NaN for pow(0, y).
// Both give +-inf in the lanes that carry a seed where the derivative is infinite (sqrt, cbrt, log
// at 0, asin and acos at +-1), pick the first argument at ties of min/max/fmin/fmax and give zero
// derivatives for floor/ceil/round/trunc. The README's policy table lists it row by row;
// tests/policy.test.cpp pins it. Which policy a number type uses is its tag's (nesting.hpp).
#pragma once

#include <type_traits>

namespace tinydual {

/// Zero incoming partials stay zero; conventional derivatives at kinks. The default.
struct safe_policy {};
/// Derivative formulas evaluated literally in IEEE arithmetic (inf and NaN included).
struct ieee_policy {};
inline constexpr safe_policy safe{};
inline constexpr ieee_policy ieee{};

namespace detail {
template <class P>
constexpr bool is_policy = std::is_same<P, safe_policy>::value || std::is_same<P, ieee_policy>::value;
}  // namespace detail

}  // namespace tinydual
