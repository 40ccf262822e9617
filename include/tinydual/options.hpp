// tinydual/options.hpp: the options a driver takes after its point, in any order.
//
//   auto [y, J] = tinydual::jacobian(f, X, tinydual::row_stacking, tinydual::denominator_layout);
//   auto [v, g] = tinydual::gradient(f, x, tinydual::ieee);
//
// layout    numerator_layout (default: dy/dx of y in R^m, x in R^n is m x n, rows are outputs)
//           or denominator_layout (n x m, the transpose)                           jacobian
// stacking  column_stacking (default: vectorize stacks the columns, literature vec) or
//           row_stacking (vectorize_rows, row-major memory order), for matrix points and matrix
//           outputs                                                                 jacobian
// policy    tinydual::safe (default) or tinydual::ieee (policy.hpp)                every driver
// chunk     tinydual::chunk<C>: f evaluated in passes of C directions, so that every number
//           carries at most C partials (C x C for hessian) whatever N is; the results equal
//           the one-pass driver's. Passes: ceil(N / C), for hessian ceil(N / C)(ceil(N / C) + 1) / 2.
//           For vec and std::array points                                 gradient, jacobian, hessian
// width     tinydual::batch::width<K>: K points per call of f (batch.hpp)   the batch:: drivers
// At most one of each kind; anything else is a compile-time error naming the option's type.
#pragma once

#include <cstddef>
#include <type_traits>

#include "policy.hpp"

namespace tinydual {

/// dy/dx of y in R^m, x in R^n is m x n (rows are outputs). The default.
struct numerator_layout_t {};
/// dy/dx is n x m (the transpose of numerator layout).
struct denominator_layout_t {};
/// vectorize(A) stacks the columns of A (literature vec). The default.
struct column_stacking_t {};
/// vectorize_rows(A) stacks the rows of A (row-major memory order).
struct row_stacking_t {};
inline constexpr numerator_layout_t numerator_layout{};
inline constexpr denominator_layout_t denominator_layout{};
inline constexpr column_stacking_t column_stacking{};
inline constexpr row_stacking_t row_stacking{};

/// Evaluate f in passes of C directions (options.hpp).
template <std::size_t C>
struct chunk_t {
    static_assert(C >= 1, "tinydual: chunk<C> needs at least one direction per pass (C >= 1)");
    static constexpr std::size_t size = C;
};
template <std::size_t C>
inline constexpr chunk_t<C> chunk{};

namespace batch {
/// Batched drivers (batch.hpp): K points per call of f, one per SIMD lane (K a power of two).
template <std::size_t K>
struct width_t {
    static_assert(K >= 1 && (K & (K - 1)) == 0, "tinydual: batch::width<K> needs K a power of two (1, 2, 4, 8, 16, ...)");
    static constexpr std::size_t size = K;
};
template <std::size_t K>
inline constexpr width_t<K> width{};
}  // namespace batch

namespace detail {

template <class X>
struct width_size : std::integral_constant<std::size_t, 0> {};
template <std::size_t K>
struct width_size<batch::width_t<K>> : std::integral_constant<std::size_t, K> {};
template <class X>
constexpr bool is_width_tag = width_size<X>::value != 0;

template <class X>
constexpr bool is_layout_tag = std::is_same<X, numerator_layout_t>::value || std::is_same<X, denominator_layout_t>::value;
template <class X>
constexpr bool is_stacking_tag = std::is_same<X, column_stacking_t>::value || std::is_same<X, row_stacking_t>::value;
template <class X>
struct chunk_size : std::integral_constant<std::size_t, 0> {};
template <std::size_t C>
struct chunk_size<chunk_t<C>> : std::integral_constant<std::size_t, C> {};
template <class X>
constexpr bool is_chunk_tag = chunk_size<X>::value != 0;

/// Instantiated for every option: a type that is no option stops here, and the compiler's
/// "in instantiation of check_option<...>" names it.
template <class Option>
struct check_option {
    static_assert(is_layout_tag<Option> || is_stacking_tag<Option> || is_policy<Option> || is_chunk_tag<Option> ||
                      is_width_tag<Option>,
                  "tinydual: a driver option is a layout (numerator_layout, denominator_layout), a stacking "
                  "(column_stacking, row_stacking), a policy (tinydual::safe, tinydual::ieee), tinydual::chunk<C> "
                  "or tinydual::batch::width<K>, and this one is none of them");
    static constexpr bool ok = true;
};

template <class... Ps>
struct first_policy {
    using type = safe_policy;
};
template <class P, class... Ps>
struct first_policy<P, Ps...> {
    using type = std::conditional_t<is_policy<P>, P, typename first_policy<Ps...>::type>;
};

/// The options of one driver call, parsed.
template <class... Options>
struct driver_options {
    static_assert((true && ... && check_option<Options>::ok));  // instantiates every check
    static constexpr std::size_t layouts = (std::size_t{0} + ... + std::size_t{is_layout_tag<Options>});
    static constexpr std::size_t stackings = (std::size_t{0} + ... + std::size_t{is_stacking_tag<Options>});
    static constexpr std::size_t policies = (std::size_t{0} + ... + std::size_t{is_policy<Options>});
    static constexpr std::size_t chunks = (std::size_t{0} + ... + std::size_t{is_chunk_tag<Options>});
    static_assert(layouts <= 1, "tinydual: give at most one layout tag (numerator_layout or denominator_layout)");
    static_assert(stackings <= 1, "tinydual: give at most one stacking tag (column_stacking or row_stacking)");
    static_assert(policies <= 1, "tinydual: give at most one policy (tinydual::safe or tinydual::ieee)");
    static_assert(chunks <= 1, "tinydual: give at most one chunk<C>");
    static constexpr std::size_t widths = (std::size_t{0} + ... + std::size_t{is_width_tag<Options>});
    static_assert(widths <= 1, "tinydual: give at most one batch::width<K>");
    /// Points per call of f for the batch:: drivers, 0 for the default.
    static constexpr std::size_t width = (std::size_t{0} + ... + width_size<Options>::value);
    /// The directions per pass, 0 for one pass with all of them.
    static constexpr std::size_t chunk = (std::size_t{0} + ... + chunk_size<Options>::value);
    static constexpr bool denominator = (false || ... || std::is_same<Options, denominator_layout_t>::value);
    static constexpr bool rows = (false || ... || std::is_same<Options, row_stacking_t>::value);
    using policy = typename first_policy<Options...>::type;
};

/// The options of a driver that takes a policy only (derivative, hvp, second_directional).
template <class... Options>
struct policy_option : driver_options<Options...> {
    static_assert(driver_options<Options...>::layouts == 0 && driver_options<Options...>::stackings == 0,
                  "tinydual: this driver takes one option, a policy (tinydual::safe or tinydual::ieee); layout and "
                  "stacking tags are for jacobian");
    static_assert(driver_options<Options...>::chunks == 0,
                  "tinydual: chunk<C> is an option of gradient, jacobian and hessian only");
    static_assert(driver_options<Options...>::widths == 0, "tinydual: batch::width<K> is an option of the batch:: drivers (batch.hpp)");
};
/// The options of gradient and hessian: a policy and a chunk.
template <class... Options>
struct policy_chunk_options : driver_options<Options...> {
    static_assert(driver_options<Options...>::layouts == 0 && driver_options<Options...>::stackings == 0,
                  "tinydual: this driver takes a policy (tinydual::safe or tinydual::ieee) and chunk<C>; layout and "
                  "stacking tags are for jacobian");
    static_assert(driver_options<Options...>::widths == 0, "tinydual: batch::width<K> is an option of the batch:: drivers (batch.hpp)");
};
/// The options of jacobian: everything but a width.
template <class... Options>
struct jacobian_options : driver_options<Options...> {
    static_assert(driver_options<Options...>::widths == 0, "tinydual: batch::width<K> is an option of the batch:: drivers (batch.hpp)");
};

}  // namespace detail
}  // namespace tinydual
