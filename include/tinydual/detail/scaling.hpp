// tinydual/detail/scaling.hpp: partials times scalar factors, the kernel of every chain rule:
// out = g s, or out = ga sa + gb sb (out may be an input), with the safe policy's zero-partial
// rule: where a factor is +-inf or NaN (a derivative that does not exist), lanes whose incoming
// partial is exactly zero stay zero, so a constant never becomes NaN. Guard = false (ieee_policy)
// multiplies plainly: 0 * inf = NaN. Used by dual and hyper_dual (not part of the public API).
//
// Two ways to pay for the guard, chosen by size:
//  - branch-free, for one or two SIMD registers of partials: each lane multiplies by the factor
//    where its partial is nonzero and by +0 where it is zero (compare, and-not, multiply), so the
//    product stays in the basic block of the add that usually follows and fuses with it;
//  - otherwise one test of the factor, which finite factors never fail: the common path is
//    straight-line register code, the rare path a call out of line that takes its operands by
//    value, so the caller's partials never have their address taken and stay in registers. From
//    four registers on, the branch-free masks and factors no longer fit the register file; on
//    plain arrays a select per lane costs more than one predictable branch.
// A zero lane gives +0 on the branch-free path and x * s on the other: the sign of a zero
// derivative is not specified under the safe policy.
#pragma once

#include <cstddef>
#include <type_traits>

#include "../config.hpp"
#include "../lanes.hpp"
#include "../simd/storage.hpp"
#include "traits.hpp"

// TINYDUAL_DETAIL_GUARD_EVERY_STEP=1, for the tests only: every guarded step takes its guarded
// path, finite factors included (the fuzzer's reference for the fast common path).
#ifndef TINYDUAL_DETAIL_GUARD_EVERY_STEP
#  define TINYDUAL_DETAIL_GUARD_EVERY_STEP 0
#endif

namespace tinydual {
namespace detail {

/// Finite in every component, lane by lane (a lane mask over lanes, else a bool): a nested
/// number's factor counts its partials too, since a factor whose value is finite and whose
/// derivative is not turns a zero partial into NaN as surely as an infinite value does.
template <class T>
TINYDUAL_INLINE constexpr auto finite_factor_lanes(const T& s) {
    if constexpr (is_ad<T>)
        return every_component(s, [](const scalar_t<T>& c) { return is_finite_value(c); });
    else
        return is_finite_value(s);
}
template <class T>
struct is_dual_of_floating : std::false_type {};
template <class T, std::size_t N, class Tag>
struct is_dual_of_floating<dual<T, N, Tag>> : std::is_floating_point<T> {};
/// finite_factor_lanes in every lane; a dual factor's partials tested as whole registers.
template <class T>
TINYDUAL_INLINE constexpr bool finite_factor(const T& s) {
    if constexpr (is_dual_of_floating<T>::value) {
        auto acc = T::partials_type::zero();
        simd::absorb_nonfinite(acc, s.partials());
        return is_finite_value(s.value()) && simd::none_absorbed(acc);
    } else {
        return all_lanes(finite_factor_lanes(s));
    }
}
/// True when a guarded step may take its fast path (always, outside the tests' reference).
constexpr bool guard_fast_path = !TINYDUAL_DETAIL_GUARD_EVERY_STEP;
/// True when the factors let a guarded step take its fast path.
template <class... S>
TINYDUAL_INLINE constexpr bool fast_factors(const S&... s) {
    return guard_fast_path && (finite_factor(s) && ...);
}

/// Exactly zero, partials included (a number that carries no derivative at all); lane by lane
/// for batched numbers.
template <class T>
constexpr auto is_zero_number(const T& x) {
    return every_component(x, [](const scalar_t<T>& c) { return c == scalar_t<T>(0); });
}
/// The zero-partial rule: r, except where the incoming partial x is exactly zero (a nested dual:
/// zero with all its partials), where the result is zero whatever r is.
template <class X>
TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR X keep_nonzero(const X& x, const X& r) {
    if constexpr (is_ad<X>)
        return if_else(is_zero_number(x), X(0), r);
    else if constexpr (is_lanes<X>::value)
        return select(x == X(0), X(0), r);
    else
        return simd::zero_where_zero(x, r);
}

/// The rare path of a non-finite factor, out of line: g s and ga sa + gb sb, lane by lane.
template <class P, class T>
TINYDUAL_COLD TINYDUAL_NUMBER_CONSTEXPR P scale_nonfinite(P g, T s) {
    P r;
    simd::map_to(r, [&s](const auto& x) TINYDUAL_KERNEL { return keep_nonzero(x, x * simd::broadcast<std::decay_t<decltype(x)>>(s)); }, g);
    return r;
}
template <class P, class T>
TINYDUAL_COLD TINYDUAL_NUMBER_CONSTEXPR P scale2_nonfinite(P ga, T sa, P gb, T sb) {
    P r;
    simd::map_to(
        r,
        [&sa, &sb](const auto& x, const auto& y) TINYDUAL_KERNEL {
            using X = std::decay_t<decltype(x)>;
            return keep_nonzero(x, x * simd::broadcast<X>(sa)) + keep_nonzero(y, y * simd::broadcast<X>(sb));
        },
        ga, gb);
    return r;
}

/// The same for batched numbers, lane by lane as one-point numbers do it: a lane's zero partial
/// stays zero where that lane's factor is +-inf or NaN; every other lane multiplies plainly.
template <class P, class T>
TINYDUAL_COLD P scale_nonfinite_lanes(P g, T s) {
    const auto bad = !finite_factor_lanes(s);
    P r;
    simd::map_to(r, [&](const auto& x) TINYDUAL_KERNEL {
        using X = std::decay_t<decltype(x)>;
        return if_else(bad && is_zero_number(x), X(0), x * simd::broadcast<X>(s));
    }, g);
    return r;
}
template <class P, class T>
TINYDUAL_COLD P scale2_nonfinite_lanes(P ga, T sa, P gb, T sb) {
    const auto bad_a = !finite_factor_lanes(sa), bad_b = !finite_factor_lanes(sb);
    P r;
    simd::map_to(r, [&](const auto& x, const auto& y) TINYDUAL_KERNEL {
        using X = std::decay_t<decltype(x)>;
        // (a lane where one factor is not finite guards both terms, as the one-point rare path does)
        const auto bad = bad_a || bad_b;
        return if_else(bad && is_zero_number(x), X(0), x * simd::broadcast<X>(sa)) +
               if_else(bad && is_zero_number(y), X(0), y * simd::broadcast<X>(sb));
    }, ga, gb);
    return r;
}

/// True when the guard is branch-free for partials P and factors T (see the top of this file).
template <class P, class T>
constexpr bool branchless_guard = guard_fast_path && !is_ad<T> && P::width > 1 && P::padded_size / P::width <= simd::backend::branchless_guard_registers;

/// out = g s.
template <bool Guard = true, class P, class T>
TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR void scale_to(P& out, const P& g, const T& s) {
    const auto mul = [](const T& f) {
        return [&f](const auto& x) TINYDUAL_KERNEL { return x * simd::broadcast<std::decay_t<decltype(x)>>(f); };
    };
    if constexpr (!Guard) {
        simd::map_to(out, mul(s), g);
    } else if constexpr (is_lanes<scalar_t<T>>::value) {  // batched: one test of every point's factor
        if (TINYDUAL_LIKELY(fast_factors(s)))
            simd::map_to(out, mul(s), g);
        else
            out = scale_nonfinite_lanes(g, s);
    } else if constexpr (branchless_guard<P, T>) {
        simd::map_to(out, [&s](const auto& x) TINYDUAL_KERNEL {
            using X = std::decay_t<decltype(x)>;
            if constexpr (simd::has_guarded_multiply<X>)
                return simd::mul_nonzero(x, s);
            else
                return x * simd::zero_where_zero(x, simd::broadcast<X>(s));
        }, g);
    } else {
        if (TINYDUAL_LIKELY(fast_factors(s)))
            simd::map_to(out, mul(s), g);
        else
            out = scale_nonfinite(g, s);
    }
}
template <bool Guard = true, class P, class T>
TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR P scale(const P& g, const T& s) {
    P r;
    scale_to<Guard>(r, g, s);
    return r;
}
/// out = ga sa + gb sb.
template <bool Guard = true, class P, class T>
TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR void scale2_to(P& out, const P& ga, const T& sa, const P& gb, const T& sb) {
    const auto madd = [](const T& fa, const T& fb) {
        return [&fa, &fb](const auto& x, const auto& y) TINYDUAL_KERNEL {
            using X = std::decay_t<decltype(x)>;
            return simd::madd(x, simd::broadcast<X>(fa), y * simd::broadcast<X>(fb));
        };
    };
    if constexpr (!Guard) {
        simd::map_to(out, madd(sa, sb), ga, gb);
    } else if constexpr (is_lanes<scalar_t<T>>::value) {
        if (TINYDUAL_LIKELY(fast_factors(sa, sb)))
            simd::map_to(out, madd(sa, sb), ga, gb);
        else
            out = scale2_nonfinite_lanes(ga, sa, gb, sb);
    } else if constexpr (branchless_guard<P, T>) {
        simd::map_to(out, [&sa, &sb](const auto& x, const auto& y) TINYDUAL_KERNEL {
            using X = std::decay_t<decltype(x)>;
            if constexpr (simd::has_guarded_multiply<X>)
                return simd::madd_nonzero(x, sa, y, sb);
            else
                return simd::madd(x, simd::zero_where_zero(x, simd::broadcast<X>(sa)),
                                  y * simd::zero_where_zero(y, simd::broadcast<X>(sb)));
        }, ga, gb);
    } else {
        if (TINYDUAL_LIKELY(fast_factors(sa, sb)))
            simd::map_to(out, madd(sa, sb), ga, gb);
        else
            out = scale2_nonfinite(ga, sa, gb, sb);
    }
}
template <bool Guard = true, class P, class T>
TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR P scale2(const P& ga, const T& sa, const P& gb, const T& sb) {
    P r;
    scale2_to<Guard>(r, ga, sa, gb, sb);
    return r;
}

}  // namespace detail
}  // namespace tinydual
