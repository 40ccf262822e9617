// tinydual/detail/driver.hpp: what every first-order driver does around f (not part of the public
// API): call it with the seeded point, and read values and partials out of what it returns.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "../config.hpp"
#include "../mat.hpp"
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

/// True when f returned one number (a gradient's output).
template <class D, class Y>
constexpr bool is_scalar_output = output_traits<D, Y>::size == 1 && !is_vec<typename output_traits<D, Y>::value_type>::value &&
                                  !is_mat<typename output_traits<D, Y>::value_type>::value;

/// The values of f's output, in f's shape.
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
constexpr void write_jacobian_block(J& out, const Y& y) {
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

/// f(args...) for the first-order drivers, D being the number type of the seeded arguments. From
/// four SIMD registers of partials on, f is called out of line: each driver call's number type is
/// its own (its tag), so f has exactly one caller, and GCC compiles it worse inlined there. Smaller
/// points, where inlining wins, and plain arrays (Cortex-M code size) are called in line.
template <class D, class F, class... Args>
constexpr auto call(F& f, const Args&... args) {
    static_assert(std::is_invocable<F&, const Args&...>::value,
                  "tinydual: f cannot be called with the seeded point; write f as a generic lambda "
                  "([](const auto& x) {...}; with args(a, b, ...), one parameter per argument) or take the type "
                  "the driver names (gradient_input_t<X>)");
    if constexpr (std::is_invocable<F&, const Args&...>::value) {
        using Y = std::decay_t<std::invoke_result_t<F&, const Args&...>>;
        static_assert(output_traits<D, Y>::valid,
                      "tinydual: f must return the dual number type it computed with (a scalar), or a "
                      "vec/std::array/mat of them; did it return a plain value or mix float and double?");
        using P = typename D::partials_type;
        if constexpr (P::width > 1 && P::padded_size / P::width >= 4)
            return call_out_of_line(f, args...);
        else
            return f(args...);
    } else {
        return D{};
    }
}

}  // namespace detail
}  // namespace tinydual
