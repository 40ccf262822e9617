// tinydual/derivatives.hpp: the drivers derivative, gradient, jacobian and the layout tags.
//
//   auto f = [](const auto& x) { return x[0] * x[1] + sin(x[2]); };
//   auto [value, grad] = tinydual::gradient(f, tinydual::vec<double, 3>{1, 2, 3});
//   auto [y, J] = tinydual::jacobian([](const auto& x) { return 2.0 * x; }, tinydual::vec<float, 2>{1, 2});
//
// Each driver seeds the inputs as dual<T, N> variables, calls f once (one forward pass for all N
// directions), and unpacks the value and the partials into an aggregate that supports structured
// bindings. f may be a generic lambda, a function object or a function template instance; the
// argument type it receives is named by gradient_input_t / jacobian_input_t. When the input's
// elements are themselves duals (a driver called inside a function being differentiated), the
// results carry those duals, which gives higher derivatives.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

#include "detail/traits.hpp"
#include "dual.hpp"
#include "linalg.hpp"
#include "mat.hpp"
#include "vec.hpp"

namespace tinydual {

// ---- tags ----
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

// ---- results (aggregates: structured bindings work) ----
template <class V, class D>
struct derivative_result {
    V value;       ///< f(t), in the shape f returns
    D derivative;  ///< df/dt, the same shape
};
template <class T, class G>
struct gradient_result {
    T value;     ///< f(x)
    G gradient;  ///< df/dx, shaped like x
};
template <class V, class J>
struct jacobian_result {
    V value;     ///< f(x)
    J jacobian;  ///< df/dx as a matrix in the requested layout
};

namespace detail {

template <class X>
struct input_traits {
    static constexpr bool valid = false;
};
template <class T, std::size_t N>
struct input_traits<vec<T, N>> {
    static constexpr bool valid = true;
    using element = T;
    static constexpr std::size_t size = N;
    template <class E>
    using with = vec<E, N>;
};
template <class T, std::size_t N>
struct input_traits<std::array<T, N>> {
    static constexpr bool valid = true;
    using element = T;
    static constexpr std::size_t size = N;
    template <class E>
    using with = std::array<E, N>;
};

template <class X>
constexpr void check_vector_input() {
    static_assert(input_traits<X>::valid,
                  "tinydual: this driver takes its point as tinydual::vec<T, N> or std::array<T, N> "
                  "(a mat<T, R, C> point or args(...) needs <tinydual/matrix_calculus.hpp>)");
    if constexpr (input_traits<X>::valid)
        static_assert(is_number<typename input_traits<X>::element>,
                      "tinydual: the point's elements must be float, double, or a dual of them");
}

/// The argument type f receives: the point's container with dual elements.
template <class X, class Tag = void>
using seeded_t =
    typename input_traits<X>::template with<dual<typename input_traits<X>::element, input_traits<X>::size, Tag>>;

/// The elements of the point as variables of D: element i is D::variable(x[i], i), built in
/// place (aggregate initialisation from prvalues). Not `r{}` then `r[i] = ...`: that zero-fills
/// the whole seeded point first (a memset of N duals, more work than f itself for small f) and
/// copies every variable in from a temporary.
template <class D, class R, class X, std::size_t... I>
constexpr R seed_as(const X& x, std::index_sequence<I...>) {
    return R{{D::variable(x[I], I)...}};
}
/// x[i] becomes the i-th variable: value x[i], partial i equal to 1.
template <class Tag, class X>
constexpr seeded_t<X, Tag> seed(const X& x) {
    using D = dual<typename input_traits<X>::element, input_traits<X>::size, Tag>;
    return seed_as<D, seeded_t<X, Tag>>(x, std::make_index_sequence<input_traits<X>::size>{});
}

// What f may return, and how to read a value and a partial out of it.
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
// A matrix output (matrix_calculus.hpp): element i in column-stacking order, i.e. vectorize(Y)[i];
// the value keeps f's shape.
template <class D, std::size_t R, std::size_t C>
struct output_traits<D, mat<D, R, C>> {
    static constexpr bool valid = true;
    static constexpr std::size_t size = R * C;
    using value_type = mat<typename D::value_type, R, C>;
    static constexpr const D& at(const mat<D, R, C>& y, std::size_t i) { return y(i % R, i / R); }
};

template <class D, class Y>
constexpr auto value_part(const Y& y) {
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

template <class F, class Arg>
TINYDUAL_NOINLINE auto call_out_of_line(F& f, const Arg& arg) {
    return f(arg);
}

/// f(arg) for the drivers. From four SIMD registers of partials on, f is called out of line:
/// the driver's tag (call_tag) makes each driver call's dual type its own, so the user's function
/// has exactly one caller and GCC inlines it into the driver, which it compiled worse there
/// (callgrind, GCC 12 -O3: tanh-layer gradient N = 32 double, AVX2: 44.6k instructions inlined,
/// 26.8k out of line; float 30.4k and 21.6k; the other bench workloads within 2%). Smaller
/// points, where inlining wins, and plain arrays (Cortex-M code size) are called in line.
template <class D, class F, class Arg>
constexpr auto call(F&& f, const Arg& arg) {
    static_assert(std::is_invocable<F&, const Arg&>::value,
                  "tinydual: f cannot be called with the seeded point; write f as a generic lambda "
                  "([](const auto& x) {...}) or take the type the driver names (gradient_input_t<X>)");
    using Y = std::decay_t<std::invoke_result_t<F&, const Arg&>>;
    static_assert(output_traits<D, Y>::valid,
                  "tinydual: f must return the dual number type it computed with (a scalar), or a "
                  "vec/std::array/mat of them; did it return a plain value or mix float and double?");
    using P = typename D::partials_type;
    if constexpr (P::width > 1 && P::padded_size / P::width >= 4)
        return call_out_of_line(f, arg);
    else
        return f(arg);
}

}  // namespace detail

/// The argument type f receives from gradient(f, x) and jacobian(f, x) for a point of type X
/// (with a Policy, from gradient(f, x, Policy{}); see policy.hpp).
template <class X, class Policy = safe_policy>
using gradient_input_t = detail::seeded_t<X, detail::policy_tag_t<Policy>>;
template <class X, class Policy = safe_policy>
using jacobian_input_t = detail::seeded_t<X, detail::policy_tag_t<Policy>>;

namespace detail {
template <class D, class Y>
constexpr auto derivative_of_vector_output(const Y& y) {
    using O = output_traits<D, Y>;
    auto value = value_part<D>(y);
    decltype(value) d{};
    if constexpr (O::size == 1 && !is_vec<decltype(value)>::value)
        d = O::at(y, 0).partial(0);
    else
        for (std::size_t i = 0; i < O::size; ++i) d[i] = O::at(y, i).partial(0);
    return derivative_result<decltype(value), decltype(value)>{value, d};
}
}  // namespace detail

/// df/dt of f at the scalar t; f returns a scalar, a vec or a mat of the dual it was given.
/// derivative_result{value, derivative}, both in the shape f returns. Policy: see policy.hpp.
template <class F, class T, class Policy = safe_policy,
          std::enable_if_t<detail::is_number<T> && detail::is_policy<Policy>, int> = 0>
constexpr auto derivative(F&& f, const T& t, Policy = {}) {
    using D = dual<T, 1, detail::driver_tag_t<F, Policy>>;
    static_assert(std::is_invocable<F&, const D&>::value,
                  "tinydual: derivative(f, t) calls f with a dual; write f as a generic lambda ([](auto t) {...})");
    using Y = std::decay_t<std::invoke_result_t<F&, const D&>>;
    if constexpr (detail::is_mat<Y>::value) {
        static_assert(std::is_same<typename Y::value_type, D>::value,
                      "tinydual: f must return a mat of the dual number type it was called with");
        const Y y = f(D::variable(t, 0));
        mat<T, Y::rows(), Y::cols()> value{}, d{};
        for (std::size_t i = 0; i < Y::rows(); ++i)
            for (std::size_t j = 0; j < Y::cols(); ++j) {
                value(i, j) = y(i, j).value();
                d(i, j) = y(i, j).partial(0);
            }
        return derivative_result<decltype(value), decltype(d)>{value, d};
    } else {
        return detail::derivative_of_vector_output<D>(detail::call<D>(f, D::variable(t, 0)));
    }
}

/// Gradient of the scalar function f at x (a vec<T, N> or std::array<T, N>), in one pass.
/// gradient_result{value, gradient}, gradient a vec<T, N>. Policy: see policy.hpp.
template <class F, class X, class Policy = safe_policy, std::enable_if_t<detail::is_policy<Policy>, int> = 0>
constexpr auto gradient(F&& f, const X& x, Policy = {}) {
    detail::check_vector_input<X>();
    using T = typename detail::input_traits<X>::element;
    constexpr std::size_t N = detail::input_traits<X>::size;
    using Tag = detail::driver_tag_t<F, Policy>;
    using D = dual<T, N, Tag>;
    const auto y = detail::call<D>(f, detail::seed<Tag>(x));
    using O = detail::output_traits<D, std::decay_t<decltype(y)>>;
    static_assert(O::size == 1 && !detail::is_vec<typename O::value_type>::value &&
                      !detail::is_mat<typename O::value_type>::value,
                  "tinydual: gradient(f, x) needs f to return a scalar; use jacobian for vector outputs");
    const D& s = O::at(y, 0);
    return gradient_result<T, vec<T, N>>{s.value(), s.grad()};
}

/// Jacobian of f at x in numerator layout (M x N, rows are outputs), in one pass.
/// jacobian_result{value, jacobian}. Policy: see policy.hpp.
template <class F, class X, class Policy = safe_policy, std::enable_if_t<detail::is_policy<Policy>, int> = 0>
constexpr auto jacobian(F&& f, const X& x, numerator_layout_t = {}, Policy = {}) {
    detail::check_vector_input<X>();
    using T = typename detail::input_traits<X>::element;
    constexpr std::size_t N = detail::input_traits<X>::size;
    using Tag = detail::driver_tag_t<F, Policy>;
    using D = dual<T, N, Tag>;
    const auto y = detail::call<D>(f, detail::seed<Tag>(x));
    using O = detail::output_traits<D, std::decay_t<decltype(y)>>;
    // Written straight into the returned object (every element: no zero-fill first). Not through
    // a local matrix copied into the result: GCC 12.2 at -O3 (x86-64, SSE2) vectorized that copy
    // wrongly in one inlining context (bench L8, float, N = 16, ieee_policy: a partly
    // uninitialised Jacobian, different on each run; -O2, clang and -fno-tree-slp-vectorize were
    // correct). .ci/bench-smoke runs that kernel.
    jacobian_result<decltype(detail::value_part<D>(y)), mat<T, O::size, N>> r;
    r.value = detail::value_part<D>(y);
    for (std::size_t i = 0; i < O::size; ++i)
        for (std::size_t j = 0; j < N; ++j) r.jacobian(i, j) = O::at(y, i).partial(j);
    return r;
}

/// Jacobian of f at x in denominator layout (N x M, the transpose of numerator layout).
template <class F, class X, class Policy = safe_policy, std::enable_if_t<detail::is_policy<Policy>, int> = 0>
constexpr auto jacobian(F&& f, const X& x, denominator_layout_t, Policy = {}) {
    auto r = jacobian(f, x, numerator_layout, Policy{});
    return jacobian_result<decltype(r.value), decltype(transpose(r.jacobian))>{r.value, transpose(r.jacobian)};
}

/// Jacobian of f at x in numerator layout under Policy (see policy.hpp).
template <class F, class X, class Policy, std::enable_if_t<detail::is_policy<Policy>, int> = 0>
constexpr auto jacobian(F&& f, const X& x, Policy) {
    return jacobian(f, x, numerator_layout, Policy{});
}

}  // namespace tinydual
