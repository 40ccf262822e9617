// tinydual/derivatives.hpp: the first-order drivers derivative, gradient and jacobian, one entry
// each, for every kind of point.
//
//   auto f = [](const auto& x) { return x[0] * x[1] + sin(x[2]); };
//   auto [value, grad] = tinydual::gradient(f, tinydual::vec<double, 3>{1, 2, 3});
//   auto [y, J] = tinydual::jacobian([](const auto& x) { return 2.0 * x; }, tinydual::vec<float, 2>{1, 2});
//
// Each driver seeds the point as dual<T, N> variables, calls f once (one forward pass for all N
// directions; under the default policy a second time where the first gave a non-finite
// derivative: detail/driver.hpp), and unpacks the value and the partials into an aggregate that
// supports structured bindings. Points: vec<T, N> or std::array<T, N>; for gradient and jacobian also mat<T, R, C>
// (N = R * C) and args(a, b, ...) (args.hpp). Options follow the point in any order (options.hpp):
// a policy for every driver, a layout and a stacking tag for jacobian. f may be a generic lambda,
// a function object or a function template instance; the argument type it receives is named by
// gradient_input_t / jacobian_input_t. When the point's elements are themselves duals (a driver
// called inside a function being differentiated), the results carry those duals, which gives
// higher derivatives (nesting.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

#include "args.hpp"
#include "detail/driver.hpp"
#include "detail/points.hpp"
#include "detail/traits.hpp"
#include "dual.hpp"
#include "linalg.hpp"
#include "mat.hpp"
#include "nesting.hpp"
#include "options.hpp"
#include "vec.hpp"

namespace tinydual {

// ---- results (aggregates: structured bindings work) ----
template <class V, class D>
struct derivative_result {
    V value;       ///< f(t), in the shape f returns
    D derivative;  ///< df/dt, the same shape
};
template <class T, class G>
struct gradient_result {
    T value;     ///< f(x)
    G gradient;  ///< df/dx, shaped like x (one entry per argument for args(...))
};
template <class V, class J>
struct jacobian_result {
    V value;     ///< f(x)
    J jacobian;  ///< df/dx as a matrix in the requested layout (one block per argument for args(...))
};

namespace detail {
/// A point a driver takes: a vec or std::array, and where Wide, also a mat or args(...).
template <bool Wide, class X>
constexpr void check_point() {
    constexpr bool single = is_flat_point<X>;
    constexpr bool wide = is_mat<X>::value || is_arguments<X>::value;
    static_assert(single || (Wide && wide),
                  "tinydual: this driver takes its point as tinydual::vec<T, N> or std::array<T, N> (gradient and "
                  "jacobian also mat<T, R, C> and args(...)); for a scalar point use derivative(f, t)");
    if constexpr (single || wide)
        static_assert(is_number<typename point_traits<X>::element>,
                      "tinydual: the point's elements must be float, double, or a dual of them");
    if constexpr (is_arguments<X>::value)
        static_assert(point_traits<X>::same_elements,
                      "tinydual: every argument of args(...) needs the same element type (all float or all double)");
}
/// chunk<C> takes a vec or std::array point.
template <class X>
constexpr bool chunkable = is_flat_point<X>;
template <class X>
constexpr void check_chunked_point() {
    static_assert(chunkable<X>, "tinydual: chunk<C> takes the point as tinydual::vec<T, N> or std::array<T, N>");
}
/// One pass of chunk<C>: f's value (in f's shape) and the partials of the pass's C directions.
template <class V, class B>
struct chunk_part {
    V value;
    B block;
};

/// gradient(f, x, chunk<C>): ceil(N / C) passes with dual<T, C>, one block of the gradient each.
template <std::size_t C, class Policy, class F, class X>
TINYDUAL_DRIVER constexpr auto chunked_gradient(F& f, const X& x) {
    using T = typename point_traits<X>::element;
    constexpr std::size_t N = point_traits<X>::size;
    const auto pass_at = [&](std::size_t first) {
        return run_passes<F, Policy>([&](auto pass, bool& finite) {
            using D = dual<T, C, typename decltype(pass)::tag>;
            const auto y = call<D>(f, seed_chunk<D, C>(x, first));
            using Y = std::decay_t<decltype(y)>;
            static_assert(is_scalar_output<D, Y>,
                          "tinydual: gradient(f, x) needs f to return a scalar; use jacobian for vector or matrix outputs");
            const D& s = output_traits<D, Y>::at(y, 0);
            check_pass(pass, finite, [&] { return finite_derivatives<D>(y); });
            return chunk_part<T, vec<T, C>>{s.value(), s.grad()};
        });
    };
    gradient_result<T, vec<T, N>> r{};
    for (std::size_t first = 0; first < N; first += C) {
        const auto part = pass_at(first);
        r.value = part.value;
        for (std::size_t l = 0; l < C && first + l < N; ++l) r.gradient[first + l] = part.block[l];
    }
    return r;
}

/// jacobian(f, x, chunk<C>): ceil(N / C) passes with dual<T, C>, one block of columns each.
template <std::size_t C, class Policy, bool Rows, bool Denominator, class F, class X>
TINYDUAL_DRIVER constexpr auto chunked_jacobian(F& f, const X& x) {
    using T = typename point_traits<X>::element;
    constexpr std::size_t N = point_traits<X>::size;
    const auto pass_at = [&](std::size_t first) {
        return run_passes<F, Policy>([&](auto pass, bool& finite) {
            using D = dual<T, C, typename decltype(pass)::tag>;
            const auto y = call<D>(f, seed_chunk<D, C>(x, first));
            using Y = std::decay_t<decltype(y)>;
            constexpr std::size_t M = output_traits<D, Y>::size;
            mat<T, M, C> block{};
            for (std::size_t k = 0; k < M; ++k) {
                const D& yk = stacked_output<Rows, D>(y, k);
                for (std::size_t l = 0; l < C; ++l) block(k, l) = yk.partial(l);
            }
            check_pass(pass, finite, [&] { return finite_derivatives<D>(y); });
            return chunk_part<decltype(value_part<D>(y)), mat<T, M, C>>{value_part<D>(y), block};
        });
    };
    auto part = pass_at(0);
    constexpr std::size_t M = decltype(part.block)::rows();
    using J = std::conditional_t<Denominator, mat<T, N, M>, mat<T, M, N>>;
    jacobian_result<decltype(part.value), J> r{};
    r.value = part.value;
    for (std::size_t first = 0; first < N; first += C) {
        if (first > 0) part = pass_at(first);
        for (std::size_t k = 0; k < M; ++k)
            for (std::size_t l = 0; l < C && first + l < N; ++l) {
                if constexpr (Denominator)
                    r.jacobian(first + l, k) = part.block(k, l);
                else
                    r.jacobian(k, first + l) = part.block(k, l);
            }
    }
    return r;
}

/// The argument type f receives: the point's container with dual elements.
template <class X, class Tag = void>
using seeded_t = typename point_traits<X>::template with<dual<typename point_traits<X>::element, point_traits<X>::size, Tag>>;
}  // namespace detail

/// The argument type f receives from gradient(f, x) and jacobian(f, x) for a point of type X
/// (with a Policy, from gradient(f, x, Policy{})).
template <class X, class Policy = safe_policy>
using gradient_input_t = detail::seeded_t<X, detail::policy_tag_t<Policy>>;
template <class X, class Policy = safe_policy>
using jacobian_input_t = detail::seeded_t<X, detail::policy_tag_t<Policy>>;
/// The same for a matrix point: mat<dual<T, R * C>, R, C>.
template <class X, class Policy = safe_policy>
using matrix_input_t = detail::seeded_t<X, detail::policy_tag_t<Policy>>;

/// df/dt of f at the scalar t; f returns a scalar, a vec or a mat of the dual it was given.
/// derivative_result{value, derivative}, both in the shape f returns. Option: a policy.
template <class F, class T, class... Options>
TINYDUAL_DRIVER constexpr auto derivative(F&& f, const T& t, Options...) {
    static_assert(detail::is_number<T>, "tinydual: derivative(f, t) takes a scalar point t; for a vector use jacobian");
    using Policy = typename detail::policy_option<Options...>::policy;
    static_assert(std::is_invocable<F&, const dual<T, 1, detail::driver_tag_t<F, Policy>>&>::value,
                  "tinydual: derivative(f, t) calls f with a dual; write f as a generic lambda ([](auto t) {...})");
    return detail::run_passes<F, Policy>([&](auto pass, bool& finite) {
        using D = dual<T, 1, typename decltype(pass)::tag>;
        const auto y = detail::call<D>(f, D::variable(t, 0));
        using Out = detail::output_traits<D, std::decay_t<decltype(y)>>;
        const auto value = detail::value_part<D>(y);
        std::decay_t<decltype(value)> d{};
        if constexpr (detail::is_scalar_output<D, std::decay_t<decltype(y)>>)
            d = Out::at(y, 0).partial(0);
        else if constexpr (detail::is_mat<std::decay_t<decltype(value)>>::value)
            for (std::size_t i = 0; i < Out::size; ++i) d(i % d.rows(), i / d.rows()) = Out::at(y, i).partial(0);
        else
            for (std::size_t i = 0; i < Out::size; ++i) d[i] = Out::at(y, i).partial(0);
        using R = derivative_result<std::decay_t<decltype(value)>, std::decay_t<decltype(value)>>;
        detail::check_pass(pass, finite, [&] { return detail::finite_derivatives<D>(y); });
        return R{value, d};
    });
}

/// Gradient of the scalar function f at x, in one pass: gradient_result{value, gradient}, the
/// gradient shaped like x (a vec<T, N> for a vec or std::array, a mat<T, R, C> for a matrix,
/// gradient(i, j) = df / dX(i, j); a std::tuple of those for args(...)). Option: a policy.
template <class F, class X, class... Options>
TINYDUAL_DRIVER constexpr auto gradient(F&& f, const X& x, Options...) {
    detail::check_point<true, X>();  // first: its message is the first the compiler prints
    using P = detail::point_traits<X>;
    using O = detail::policy_chunk_options<Options...>;
    using Policy = typename O::policy;
    if constexpr (O::chunk != 0 && O::chunk < P::size) {
        detail::check_chunked_point<X>();
        if constexpr (detail::chunkable<X>)
            return detail::chunked_gradient<O::chunk, Policy>(f, x);
        else
            return 0;  // after the error above
    } else {
        return detail::run_passes<F, Policy>([&](auto pass, bool& finite) {
            using D = dual<typename P::element, P::size, typename decltype(pass)::tag>;
            const auto y = P::template evaluate<D, false>(f, x);
            using Y = std::decay_t<decltype(y)>;
            static_assert(detail::is_scalar_output<D, Y>,
                          "tinydual: gradient(f, x) needs f to return a scalar; use jacobian for vector or matrix outputs");
            const D& s = detail::output_traits<D, Y>::at(y, 0);
            using R = gradient_result<typename P::element, decltype(P::gradient(s))>;
            detail::check_pass(pass, finite, [&] { return detail::finite_derivatives<D>(y); });
            return R{s.value(), P::gradient(s)};
        });
    }
}

/// Jacobian of f at x, in one pass: jacobian_result{value (f's shape), jacobian}. f may return a
/// scalar, a vec, a std::array or a mat (vectorized in the requested stacking). The Jacobian is
/// d vec(y) / d vec(x): M x N in numerator layout (rows are outputs), N x M in denominator layout;
/// for args(...) a std::tuple of one block per argument. Options, in any order: a layout, a
/// stacking (for matrix points and outputs: column_stacking, d vec(Y) / d vec(X), or row_stacking,
/// d vec_r(Y) / d vec_r(X)) and a policy.
template <class F, class X, class... Options>
TINYDUAL_DRIVER constexpr auto jacobian(F&& f, const X& x, Options...) {
    detail::check_point<true, X>();
    using O = detail::jacobian_options<Options...>;
    using P = detail::point_traits<X>;
    if constexpr (O::chunk != 0 && O::chunk < P::size) {
        detail::check_chunked_point<X>();
        if constexpr (detail::chunkable<X>)
            return detail::chunked_jacobian<O::chunk, typename O::policy, O::rows, O::denominator>(f, x);
        else
            return 0;  // after the error above
    } else {
        return detail::run_passes<F, typename O::policy>([&](auto pass, bool& finite) {
            using D = dual<typename P::element, P::size, typename decltype(pass)::tag>;
            const auto y = P::template evaluate<D, O::rows>(f, x);
            using Y = std::decay_t<decltype(y)>;
            using V = decltype(detail::value_part<D>(y));
            using J = typename P::template jacobian_type<typename P::element, detail::output_traits<D, Y>::size, O::denominator>;
            // Written in place, every element once (no local matrix copied in: GCC 12 -O3 miscompiled
            // that copy; .ci/bench-smoke checks the kernel).
            jacobian_result<V, J> r;
            r.value = detail::value_part<D>(y);
            P::template write_jacobian<O::rows, O::denominator, D>(r.jacobian, y);
            detail::check_pass(pass, finite, [&] { return detail::finite_derivatives<D>(y); });
            return r;
        });
    }
}

}  // namespace tinydual
