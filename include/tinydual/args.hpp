// tinydual/args.hpp: several arguments differentiated together.
//
//   tinydual::mat<double, 2, 3> W{{1, 2, 3}, {4, 5, 6}};
//   tinydual::vec<double, 3> x{1, 0, -1};
//   auto [y, g] = tinydual::gradient([](const auto& W, const auto& x) { return sum(W * x); }, tinydual::args(W, x));
//   auto [dW, dx] = g;                        // shaped like W and like x
//
// args(a, b, ...) packs points (float/double scalars, vec, std::array, mat; one element type) into
// one input. f is called as f(a, b, ...) with every argument seeded, in one pass: the variables
// of argument k follow those of argument k - 1. gradient returns one gradient per argument (a
// std::tuple), each shaped like its argument; jacobian returns one block per argument, block k
// being d vec(y) / d vec(argument k) in the requested layout and stacking (options.hpp).
#pragma once

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include "config.hpp"
#include "detail/driver.hpp"
#include "detail/points.hpp"
#include "detail/traits.hpp"

namespace tinydual {

/// Points differentiated together; made by args(a, b, ...). f receives them as f(a, b, ...).
template <class... A>
struct arguments {
    std::tuple<A...> values;
};
/// Packs points (float/double scalars, vec, std::array, mat; one element type) into one input
/// for gradient and jacobian.
template <class... A>
constexpr arguments<A...> args(const A&... a) {
    static_assert(sizeof...(A) >= 1, "tinydual: args(...) needs at least one argument");
    return arguments<A...>{std::tuple<A...>(a...)};
}

namespace detail {

template <class X>
struct is_arguments : std::false_type {};
template <class... A>
struct is_arguments<arguments<A...>> : std::true_type {};

template <class... A>
struct point_traits<arguments<A...>> {
    static_assert((point_traits<A>::valid && ...),
                  "tinydual: args(...) takes float/double scalars, vec, std::array and mat points (or duals of them)");
    static constexpr bool valid = (point_traits<A>::valid && ...);
    using element = typename point_traits<std::tuple_element_t<0, std::tuple<A...>>>::element;
    /// Checked by the drivers first (check_point): a static_assert here would leave this class
    /// incomplete for clang++, and every use of it an error of its own.
    static constexpr bool same_elements = (std::is_same<typename point_traits<A>::element, element>::value && ...);
    static constexpr std::size_t size = (std::size_t{0} + ... + point_traits<A>::size);
    /// First variable of argument i.
    static constexpr std::size_t offset(std::size_t i) {
        constexpr std::size_t sizes[] = {point_traits<A>::size...};
        std::size_t s = 0;
        for (std::size_t k = 0; k < i; ++k) s += sizes[k];
        return s;
    }
    using indices = std::index_sequence_for<A...>;
    /// The pack with every argument's elements E (the batched drivers' point with lanes).
    template <class E>
    using with = arguments<typename point_traits<A>::template with<E>...>;

    template <class D, bool Rows, class F>
    TINYDUAL_DRIVER static constexpr auto evaluate(F& f, const arguments<A...>& a) {
        return evaluate_each<D, Rows>(f, a, indices{});
    }
    template <class D>
    static constexpr auto gradient(const D& y) {
        return gradient_each(y, indices{});
    }
    template <class T, std::size_t M, bool Denominator>
    using jacobian_type =
        std::tuple<std::conditional_t<Denominator, mat<T, point_traits<A>::size, M>, mat<T, M, point_traits<A>::size>>...>;
    template <bool Rows, bool Denominator, class D, class Y, class J>
    static constexpr void write_jacobian(J& out, const Y& y) {
        write_each<Rows, Denominator, D>(out, y, indices{});
    }

   private:
    template <class D, bool Rows, class F, std::size_t... I>
    TINYDUAL_DRIVER static constexpr auto evaluate_each(F& f, const arguments<A...>& a, std::index_sequence<I...>) {
        return call<D>(f, point_traits<A>::template seed<offset(I), Rows, D>(std::get<I>(a.values))...);
    }
    template <class D, std::size_t... I>
    static constexpr auto gradient_each(const D& y, std::index_sequence<I...>) {
        return std::make_tuple(point_traits<A>::template gradient_block<offset(I)>(y)...);
    }
    template <bool Rows, bool Denominator, class D, class Y, class J, std::size_t... I>
    static constexpr void write_each(J& out, const Y& y, std::index_sequence<I...>) {
        (write_jacobian_block<Rows, Denominator, offset(I), point_traits<A>::size, D>(std::get<I>(out), y), ...);
    }
};

}  // namespace detail
}  // namespace tinydual
