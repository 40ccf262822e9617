// tinydual/second_order.hpp: second-derivative drivers: hessian, hvp (Hessian-vector product)
// and second_directional (v^T H w).
//
//   auto f = [](const auto& x) { return x[0] * x[0] * x[1] + sin(x[1]); };
//   auto [value, grad, H] = tinydual::hessian(f, tinydual::vec<double, 2>{1.0, 2.0});
//   tinydual::vec<double, 2> Hv = tinydual::hvp(f, tinydual::vec<double, 2>{1.0, 2.0}, {0.0, 1.0});
//
// Each driver calls f once (one forward pass; under the default policy a second time where the
// first gave a non-finite derivative: detail/driver.hpp) with the point promoted to a
// forward-mode type:
//   hessian(f, x)                  hyper_dual<T, N>       O(N^2) per operation; H exact, symmetric
//   hvp(f, x, v)                   dual<dual<T, N>, 1>    O(N) per operation; H is never formed
//   second_directional(f, x, v, w) dual<dual<T, 1>, 1>    O(1) per operation
// (hvp: the outer level carries the direction v, so its partial is grad f . v as a dual<T, N>
// whose own partials are grad(grad f . v) = H v. second_directional: both levels carry one
// direction, v outside and w inside: d/dw (grad f . v) = v^T H w.) f returns the scalar it
// computed from its argument; a plain value of the point's element type is a constant (every
// derivative zero). Anything else (a vec, a number of another type) is a compile-time error.
//
// Nesting (a driver inside a function being differentiated) and perturbation confusion: the
// rule is in nesting.hpp.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "derivatives.hpp"
#include "detail/points.hpp"
#include "detail/traits.hpp"
#include "dual.hpp"
#include "hyper_dual.hpp"
#include "mat.hpp"
#include "nesting.hpp"
#include "options.hpp"
#include "vec.hpp"

namespace tinydual {

/// hessian(f, x): value, gradient and the full symmetric Hessian; structured bindings work.
template <class T, class G, class H>
struct hessian_result {
    T value;     ///< f(x)
    G gradient;  ///< df/dx, a vec<T, N>
    H hessian;   ///< d2f/dx2, a symmetric mat<T, N, N>
};

namespace detail {

/// The point's container with elements of type D.
template <class X, class D>
using point_with_t = typename point_traits<X>::template with<D>;

template <class X, class Tag = void>
using hessian_number_t = hyper_dual<typename point_traits<X>::element, point_traits<X>::size, Tag>;
template <class X, class Tag = void>
using hvp_number_t = dual<dual<typename point_traits<X>::element, point_traits<X>::size, Tag>, 1, Tag>;
template <class X, class Tag = void>
using second_directional_number_t = dual<dual<typename point_traits<X>::element, 1, Tag>, 1, Tag>;

template <class F, class Arg, bool = std::is_invocable<F&, const Arg&>::value>
struct call_result {
    using type = void;
};
template <class F, class Arg>
struct call_result<F, Arg, true> {
    using type = std::decay_t<std::invoke_result_t<F&, const Arg&>>;
};

/// A plain value e of the point's element type E as the constant D (any nesting depth).
template <class D, class E>
constexpr D promote_constant(const E& e) {
    if constexpr (std::is_same<typename D::value_type, E>::value)
        return D(e);
    else
        return D(promote_constant<typename D::value_type>(e));
}

/// True when y's numbers come from another driver call (a tag of their own), not from a user
/// who built them by hand (tag void: a wrong return, reported as such).
template <class D, class Y, bool = levels_clash<D, Y>>
struct from_another_call : std::false_type {};
template <class D, class Y>
struct from_another_call<D, Y, true> : std::integral_constant<bool, !std::is_void<typename Y::tag_type>::value> {};

/// f(arg) as a scalar D; E is the point's element type (a plain E result is a constant).
template <class D, class E, class F, class Arg>
TINYDUAL_DRIVER constexpr D call_scalar(F& f, const Arg& arg) {
    static_assert(std::is_invocable<F&, const Arg&>::value,
                  "tinydual: f cannot be called with the seeded point; write f as a generic lambda "
                  "([](const auto& x) {...}) or take the type the driver names (hessian_input_t<X>, "
                  "hvp_input_t<X>, second_directional_input_t<X>)");
    using Y = typename call_result<F, Arg>::type;
    // A number of another driver call in f's output: the clash is the error to report first (as
    // in detail::call).
    constexpr bool clash = from_another_call<D, typename output_element<Y>::type>::value;
    if constexpr (clash) report_clash<D>();
    constexpr bool is_container = is_vec<Y>::value || is_mat<Y>::value || is_std_array<Y>::value;
    static_assert(clash || !is_container,
                  "tinydual: hessian, hvp and second_directional need f to return a scalar, not a vec, mat or "
                  "std::array; for a vector-valued f, differentiate each component (or use jacobian of a gradient)");
    static_assert(clash || is_container || std::is_void<Y>::value || std::is_same<Y, D>::value || std::is_same<Y, E>::value,
                  "tinydual: f must return the number type it was called with (hessian: hyper_dual<T, N>), computed "
                  "from its argument; did it mix float and double, or return a result of a driver called at plain "
                  "numbers inside f (see the nesting rule in nesting.hpp)?");
    if constexpr (std::is_same<Y, D>::value)
        return f(arg);
    else if constexpr (std::is_same<Y, E>::value)
        return promote_constant<D>(f(arg));
    else
        return D{};  // unreachable: a static_assert above has failed
}

/// hessian(f, x, chunk<C>): one pass with dual<dual<T, C>, C> per pair of blocks I <= J of C
/// variables, inner directions I and outer directions J: the pass's partial(b).partial(a) is
/// d2f / dx_{I+a} dx_{J+b}, and the gradient's blocks I and J come with it.
template <std::size_t C, class Policy, class F, class X>
TINYDUAL_DRIVER constexpr auto chunked_hessian(F& f, const X& x) {
    using T = typename point_traits<X>::element;
    constexpr std::size_t N = point_traits<X>::size;
    const auto pass_at = [&](std::size_t first_i, std::size_t first_j) {
        return run_passes<F, Policy>([&](auto pass, bool& finite) {
            using Inner = dual<T, C, typename decltype(pass)::tag>;
            using D = dual<Inner, C, typename decltype(pass)::tag>;
            point_with_t<X, D> z{};
            for (std::size_t i = 0; i < N; ++i) {
                const Inner in = i >= first_i && i - first_i < C ? Inner::variable(x[i], i - first_i) : Inner(x[i]);
                z[i] = i >= first_j && i - first_j < C ? D::variable(in, i - first_j) : D(in);
            }
            const D y = call_scalar<D, T>(f, z);
            check_pass(pass, finite, [&] { return finite_derivatives<D>(y); });
            // the pass's results in plain numbers (each pass's D is its own type)
            hessian_result<T, vec<T, 2 * C>, mat<T, C, C>> part{y.value().value(), {}, {}};
            for (std::size_t a = 0; a < C; ++a) part.gradient[a] = y.value().partial(a);
            for (std::size_t b = 0; b < C; ++b) {
                part.gradient[C + b] = y.partial(b).value();
                for (std::size_t a = 0; a < C; ++a) part.hessian(a, b) = y.partial(b).partial(a);
            }
            return part;
        });
    };
    hessian_result<T, vec<T, N>, mat<T, N, N>> r{};
    for (std::size_t first_i = 0; first_i < N; first_i += C)
        for (std::size_t first_j = first_i; first_j < N; first_j += C) {
            const auto part = pass_at(first_i, first_j);  // gradient: blocks I then J
            r.value = part.value;
            for (std::size_t a = 0; a < C && first_i + a < N; ++a) r.gradient[first_i + a] = part.gradient[a];
            for (std::size_t b = 0; b < C && first_j + b < N; ++b) {
                r.gradient[first_j + b] = part.gradient[C + b];
                for (std::size_t a = 0; a < C && first_i + a < N; ++a) {
                    r.hessian(first_i + a, first_j + b) = part.hessian(a, b);
                    r.hessian(first_j + b, first_i + a) = part.hessian(a, b);
                }
            }
        }
    return r;
}

}  // namespace detail

/// The argument type f receives from hessian(f, x) for a point of type X: hyper_dual elements.
template <class X, class Policy = safe_policy>
using hessian_input_t = detail::point_with_t<X, detail::hessian_number_t<X, detail::policy_tag_t<Policy>>>;
/// The argument type f receives from hvp(f, x, v): dual<dual<T, N>, 1> elements.
template <class X, class Policy = safe_policy>
using hvp_input_t = detail::point_with_t<X, detail::hvp_number_t<X, detail::policy_tag_t<Policy>>>;
/// The argument type f receives from second_directional(f, x, v, w): dual<dual<T, 1>, 1> elements.
template <class X, class Policy = safe_policy>
using second_directional_input_t =
    detail::point_with_t<X, detail::second_directional_number_t<X, detail::policy_tag_t<Policy>>>;

/// Value, gradient and Hessian of the scalar function f at x (a vec<T, N> or std::array<T, N>),
/// in one pass with hyper_dual<T, N>. hessian_result{value, gradient, hessian}.
template <class F, class X, class... Options>
TINYDUAL_DRIVER constexpr auto hessian(F&& f, const X& x, Options...) {
    detail::check_point<false, X>();
    using T = typename detail::point_traits<X>::element;
    constexpr std::size_t N = detail::point_traits<X>::size;
    using O = detail::policy_chunk_options<Options...>;
    if constexpr (O::chunk != 0 && O::chunk < N) {
        return detail::chunked_hessian<O::chunk, typename O::policy>(f, x);
    } else {
        return detail::run_passes<F, typename O::policy>([&](auto pass, bool& finite) {
            using D = detail::hessian_number_t<X, typename decltype(pass)::tag>;
            const auto arg = detail::point_traits<X>::template seed<0, false, D>(x);
            const D y = detail::call_scalar<D, T>(f, arg);
            using R = hessian_result<T, vec<T, N>, mat<T, N, N>>;
            detail::check_pass(pass, finite, [&] { return detail::finite_derivatives<D>(y); });
            return R{y.value(), y.grad(), y.hess()};
        });
    }
}

/// H v, the Hessian of the scalar function f at x times the direction v (of x's type), without
/// forming H: one pass with dual<dual<T, N>, 1>, O(N) work per operation.
template <class F, class X, class... Options>
TINYDUAL_DRIVER constexpr auto hvp(F&& f, const X& x, const type_identity_t<X>& v, Options...) {
    detail::check_point<false, X>();
    using T = typename detail::point_traits<X>::element;
    constexpr std::size_t N = detail::point_traits<X>::size;
    return detail::run_passes<F, typename detail::policy_option<Options...>::policy>([&](auto pass, bool& finite) {
        using D = detail::hvp_number_t<X, typename decltype(pass)::tag>;
        using Inner = typename D::value_type;  // dual<T, N>: carries the gradient directions
        detail::point_with_t<X, D> arg{};
        for (std::size_t i = 0; i < N; ++i) arg[i] = D(Inner::variable(x[i], i), vec<Inner, 1>{Inner(v[i])});
        const D y = detail::call_scalar<D, T>(f, arg);
        // y.partial(0) = grad f . v (a dual<T, N>); its partials are d/dx_i (grad f . v) = (H v)_i.
        detail::check_pass(pass, finite, [&] { return detail::finite_derivatives<D>(y); });
        return y.partial(0).grad();
    });
}

/// v^T H w, the second derivative of the scalar function f at x along the directions v and w
/// (both of x's type): one pass with dual<dual<T, 1>, 1>, O(1) work per operation.
template <class F, class X, class... Options>
TINYDUAL_DRIVER constexpr auto second_directional(F&& f, const X& x, const type_identity_t<X>& v, const type_identity_t<X>& w,
                                  Options...) {
    detail::check_point<false, X>();
    using T = typename detail::point_traits<X>::element;
    constexpr std::size_t N = detail::point_traits<X>::size;
    return detail::run_passes<F, typename detail::policy_option<Options...>::policy>([&](auto pass, bool& finite) {
        using D = detail::second_directional_number_t<X, typename decltype(pass)::tag>;
        using Inner = typename D::value_type;  // dual<T, 1>: carries the direction w
        detail::point_with_t<X, D> arg{};
        for (std::size_t i = 0; i < N; ++i) arg[i] = D(Inner(x[i], vec<T, 1>{w[i]}), vec<Inner, 1>{Inner(v[i])});
        const D y = detail::call_scalar<D, T>(f, arg);
        // y.partial(0) = grad f . v (a dual<T, 1>); its partial along w is v^T H w.
        detail::check_pass(pass, finite, [&] { return detail::finite_derivatives<D>(y); });
        return T(y.partial(0).partial(0));
    });
}

}  // namespace tinydual
