// tinydual/detail/driver.hpp: what every driver does around f (not part of the public API): run
// the passes its policy needs, call f with the seeded point, and read values and partials out of
// what it returns.
//
// The safe policy in two passes. For a generic f (the usual case: a generic lambda), a driver
// under safe_policy first evaluates f with ieee_policy numbers, the plain formulas with no guard.
// Where that pass gives only finite derivatives, its result is the safe one: the two policies
// compute the same values (branches of f see the same numbers), and they differ only in
// derivative terms that ieee_policy makes +-inf or NaN (0 * inf, 0/0 at a kink), which stay
// non-finite through every later sum and product in that lane, so they reach the result unless a
// value-selected branch (min, a comparison, select) dropped them, and then the safe pass drops
// them too. Otherwise f is evaluated again with the safe rules, out of line. So f may be called
// twice; it must not depend on being called once. A function with one fixed signature (it names
// gradient_input_t<X> and friends) gets the safe rules in its one pass, and so does every f where
// TINYDUAL_SAFE_TWO_PASSES is 0 (config.hpp: the default with plain arrays, on Cortex-M).
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "../config.hpp"
#include "../mat.hpp"
#include "../nesting.hpp"
#include "../policy.hpp"
#include "../simd/storage.hpp"
#include "../vec.hpp"
#include "traits.hpp"

namespace tinydual {
namespace detail {

// What f may return (for the number type D it was called with), and how to read element i.
template <class D, class Y, class = void>
struct output_traits {
    static constexpr bool valid = false;
};
template <class D>
struct output_traits<D, D> {  // a scalar
    static constexpr bool valid = true;
    static constexpr std::size_t size = 1;
    using value_type = typename D::value_type;
    static constexpr const D& at(const D& y, std::size_t) { return y; }
};
template <class D, class Y>
struct output_traits<D, Y, std::enable_if_t<!std::is_same<Y, D>::value && std::is_same<Y, typename D::value_type>::value>> {
    // f ignored its input and returned a plain value: every derivative is zero.
    static constexpr bool valid = true;
    static constexpr std::size_t size = 1;
    using value_type = Y;
    static constexpr D at(const Y& y, std::size_t) { return D(y); }
};
template <class D, std::size_t M>
struct output_traits<D, vec<D, M>> {
    static constexpr bool valid = true;
    static constexpr std::size_t size = M;
    using value_type = vec<typename D::value_type, M>;
    static constexpr const D& at(const vec<D, M>& y, std::size_t i) { return y[i]; }
};
template <class D, std::size_t M>
struct output_traits<D, std::array<D, M>> {
    static constexpr bool valid = true;
    static constexpr std::size_t size = M;
    using value_type = vec<typename D::value_type, M>;
    static constexpr const D& at(const std::array<D, M>& y, std::size_t i) { return y[i]; }
};
// A matrix: element i in column-stacking order, vectorize(Y)[i]; the value keeps f's shape.
template <class D, std::size_t R, std::size_t C>
struct output_traits<D, mat<D, R, C>> {
    static constexpr bool valid = true;
    static constexpr std::size_t size = R * C;
    using value_type = mat<typename D::value_type, R, C>;
    static constexpr const D& at(const mat<D, R, C>& y, std::size_t i) { return y(i % R, i / R); }
};

/// The number type of an output: a scalar's own type, a vec/std::array/mat's element.
template <class Y>
struct output_element {
    using type = Y;
};
template <class E, std::size_t M>
struct output_element<vec<E, M>> {
    using type = E;
};
template <class E, std::size_t M>
struct output_element<std::array<E, M>> {
    using type = E;
};
template <class E, std::size_t R, std::size_t C>
struct output_element<mat<E, R, C>> {
    using type = E;
};

/// True when f returned one number (a gradient's output).
template <class D, class Y>
constexpr bool is_scalar_output = output_traits<D, Y>::size == 1 && !is_vec<typename output_traits<D, Y>::value_type>::value &&
                                  !is_mat<typename output_traits<D, Y>::value_type>::value;

/// The values of f's output, in f's shape.
template <class D, class Y>
TINYDUAL_DRIVER constexpr auto value_part(const Y& y) {
    using O = output_traits<D, Y>;
    if constexpr (is_mat<typename O::value_type>::value) {
        typename O::value_type v{};
        for (std::size_t i = 0; i < O::size; ++i) v(i % v.rows(), i / v.rows()) = O::at(y, i).value();
        return v;
    } else if constexpr (O::size == 1 && !is_vec<typename O::value_type>::value) {
        return O::at(y, 0).value();
    } else {
        typename O::value_type v{};
        for (std::size_t i = 0; i < O::size; ++i) v[i] = O::at(y, i).value();
        return v;
    }
}

/// Output element k of y in the stacking order (vectorize or vectorize_rows of a matrix output).
template <bool Rows, class D, class Y>
constexpr decltype(auto) stacked_output(const Y& y, std::size_t k) {
    if constexpr (is_mat<Y>::value && Rows) {
        return y(k / Y::cols(), k % Y::cols());
    } else {
        return output_traits<D, Y>::at(y, k);
    }
}

/// The Jacobian block of y for the variables Offset ... Offset + Cols - 1, written into J (M x Cols,
/// or Cols x M in denominator layout), every element once.
template <bool Rows, bool Denominator, std::size_t Offset, std::size_t Cols, class D, class Y, class J>
TINYDUAL_DRIVER constexpr void write_jacobian_block(J& out, const Y& y) {
    constexpr std::size_t M = output_traits<D, Y>::size;
    for (std::size_t k = 0; k < M; ++k) {
        const D& yk = stacked_output<Rows, D>(y, k);
        for (std::size_t l = 0; l < Cols; ++l) {
            if constexpr (Denominator)
                out(l, k) = yk.partial(Offset + l);
            else
                out(k, l) = yk.partial(Offset + l);
        }
    }
}

template <class F, class... Args>
TINYDUAL_NOINLINE auto call_out_of_line(F& f, const Args&... args) {
    return f(args...);
}
template <class F, class... Args>
TINYDUAL_FLATTEN auto call_flattened(F& f, const Args&... args) {
    return f(args...);
}

/// f(args...) for the first-order drivers, D being the number type of the seeded arguments. From
/// four SIMD registers of partials on, f is called out of line: each driver call's number type is
/// its own (its tag), so f has exactly one caller, and GCC compiles it worse inlined there. Smaller
/// points, where inlining wins, and plain arrays (Cortex-M code size) are called in line.
template <class D, class F, class... Args>
TINYDUAL_DRIVER constexpr auto call(F& f, const Args&... args) {
    constexpr bool invocable = std::is_invocable<F&, const Args&...>::value;
    static_assert(invocable,
                  "tinydual: f cannot be called with the seeded point; write f as a generic lambda "
                  "([](const auto& x) {...}; with args(a, b, ...), one parameter per argument) or take the type "
                  "the driver names (gradient_input_t<X>)");
    // f's output type (D where f cannot be called: that error is the one above).
    using Y = std::decay_t<typename std::conditional_t<invocable, std::invoke_result<F&, const Args&...>,
                                                       std::common_type<D>>::type>;
    // A number of another driver call in f's output: the clash is the error to report (the
    // operator that made it only reports it when its body is instantiated, after this check).
    constexpr bool clash = levels_clash<D, typename output_element<Y>::type>;
    constexpr bool valid = output_traits<D, Y>::valid;
    if constexpr (clash) report_clash<D>();
    static_assert(clash || valid,
                  "tinydual: f must return the dual number type it computed with (a scalar), or a "
                  "vec/std::array/mat of them; did it return a plain value or mix float and double?");
    if constexpr (invocable && !clash && valid) {
        using P = typename D::partials_type;
#if TINYDUAL_CONSTEXPR_NUMBERS
        if (is_constant_evaluated()) return f(args...);  // (the out-of-line calls are not constexpr)
#endif
        if constexpr (P::width > 1 && P::padded_size / P::width >= 4)
            return call_out_of_line(f, args...);
        else if constexpr (P::width > 1)
            return call_flattened(f, args...);
        else
            return f(args...);
    } else {
        return D{};  // after the error above, a stand-in keeps the caller from adding more
    }
}

/// True when no derivative in f's output y is +-inf or NaN (first and second partials, at every
/// level). Plain partials: acc = x * 0 + acc over whole registers, which stays zero unless some x
/// is not finite, and one test at the end; the values are not looked at. Padding lanes take part:
/// they turn NaN only where a non-finite factor met them, which made the real lanes of the same
/// registers non-finite too.
template <class D, class Y>
TINYDUAL_DRIVER constexpr bool finite_derivatives(const Y& y) {
    using O = output_traits<D, Y>;
    using T = typename D::value_type;
    if constexpr (is_ad<T>) {
        // nested numbers, component by component (a value that is not finite also counts: then
        // the second pass runs, which gives the same result)
        const auto finite = [](const scalar_t<T>& c) { return is_finite_value(c); };
        for (std::size_t k = 0; k < O::size; ++k)
            if (!all_lanes(every_component(O::at(y, k), finite))) return false;
        return true;
    } else {
        auto acc = D::partials_type::zero();
        for (std::size_t k = 0; k < O::size; ++k) simd::absorb_nonfinite(acc, O::at(y, k).partials());
        if constexpr (is_hyper_dual<D>::value) {
            auto acc2 = D::hessian_partials_type::zero();
            for (std::size_t k = 0; k < O::size; ++k) simd::absorb_nonfinite(acc2, O::at(y, k).hessian_partials());
            return simd::none_absorbed(acc) && simd::none_absorbed(acc2);
        } else {
            return simd::none_absorbed(acc);
        }
    }
}

/// One evaluation of f by a driver: the tag of its numbers, and whether its derivatives are
/// checked (the first of two passes).
template <class Tag, bool Checked>
struct pass {
    using tag = Tag;
    static constexpr bool checked = Checked;
};
/// Sets finite to finite() where the pass checks its derivatives (the first of two passes).
template <class Pass, class Finite>
TINYDUAL_DRIVER constexpr void check_pass(Pass, bool& finite, const Finite& check) {
    if constexpr (Pass::checked) finite = check();
}

/// True when a driver under Policy runs f in two passes (the top of this file): the safe policy
/// and a generic f, whose numbers' tag a driver chooses.
template <class F, class Policy>
constexpr bool two_passes = TINYDUAL_SAFE_TWO_PASSES && std::is_same<Policy, safe_policy>::value &&
                            !std::is_same<driver_tag_t<F, ieee_policy>, policy_tag_t<ieee_policy>>::value;

template <class F, class Run>
TINYDUAL_COLD constexpr auto safe_pass(Run run) {
    bool finite = true;
    return run(pass<driver_tag_t<F, safe_policy>, false>{}, finite);
}

/// The driver's result under Policy: run(pass<Tag, Checked>{}, finite) once with the policy's tag,
/// or the two passes of the safe policy. (One named result, returned once: it is built in place.)
template <class F, class Policy, class Run>
TINYDUAL_DRIVER constexpr auto run_passes(const Run& run) {
    bool finite = true;
    if constexpr (two_passes<F, Policy>) {
        const auto r = run(pass<driver_tag_t<F, ieee_policy>, true>{}, finite);
        if (TINYDUAL_LIKELY(finite)) return r;
        return safe_pass<F>(run);
    } else {
        return run(pass<driver_tag_t<F, Policy>, false>{}, finite);
    }
}

}  // namespace detail
}  // namespace tinydual
