// tinydual/detail/points.hpp: the kinds of point a driver differentiates at (not part of the
// public API): float/double scalars, vec, std::array and mat (args(...) packs: args.hpp).
//
// point_traits<X> says for each: valid, element, size, with<E> (the container with elements E),
// how to seed it (variables Offset ... Offset + size - 1; a matrix in the given stacking order) and
// how to read its gradient back (gradient_block), shaped like the point. single_point adds what a
// driver calls on a whole point: evaluate (seed, then call f), gradient, jacobian_type and
// write_jacobian; an args(...) pack provides the same four.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

#include "../config.hpp"
#include "../mat.hpp"
#include "../vec.hpp"
#include "driver.hpp"
#include "traits.hpp"

namespace tinydual {
namespace detail {

/// Position of A(i, j) in vec(A) (Rows = false) or vec_r(A) (Rows = true).
template <bool Rows, std::size_t R, std::size_t C>
constexpr std::size_t stacked_index(std::size_t i, std::size_t j) {
    return Rows ? i * C + j : j * R + i;
}

/// A vec or std::array point: one flat run of variables (a mat or args(...) pack is not).
template <class X>
constexpr bool is_flat_point = is_vec<X>::value || is_std_array<X>::value;

template <class X, class = void>
struct point_traits {
    static constexpr bool valid = false;
    static constexpr std::size_t size = 0;
};

/// What a driver calls on a whole point X of Size variables (0 ... Size - 1).
template <class X, std::size_t Size>
struct single_point {
    template <class D, bool Rows, class F>
    TINYDUAL_DRIVER static constexpr auto evaluate(F& f, const X& x) {
        return call<D>(f, point_traits<X>::template seed<0, Rows, D>(x));
    }
    template <class D>
    static constexpr auto gradient(const D& y) {
        return point_traits<X>::template gradient_block<0>(y);
    }
    template <class T, std::size_t M, bool Denominator>
    using jacobian_type = std::conditional_t<Denominator, mat<T, Size, M>, mat<T, M, Size>>;
    template <bool Rows, bool Denominator, class D, class Y, class J>
    static constexpr void write_jacobian(J& out, const Y& y) {
        write_jacobian_block<Rows, Denominator, 0, Size, D>(out, y);
    }
};

template <class T>
struct point_traits<T, std::enable_if_t<is_number<T>>> : single_point<T, 1> {
    static constexpr bool valid = true;
    using element = T;
    static constexpr std::size_t size = 1;
    template <class E>
    using with = E;
    template <std::size_t Offset, bool, class D>
    TINYDUAL_DRIVER static constexpr D seed(const T& x) {
        return D::variable(x, Offset);
    }
    template <std::size_t Offset, class D>
    static constexpr T gradient_block(const D& y) {
        return y.partial(Offset);
    }
};

// vec and std::array: the seeded point is built in place by aggregate initialisation from the
// variables (not zero-filled first and then assigned).
template <class T, std::size_t N>
struct point_traits<vec<T, N>> : single_point<vec<T, N>, N> {
    static constexpr bool valid = is_number<T>;
    using element = T;
    static constexpr std::size_t size = N;
    template <class E>
    using with = vec<E, N>;
    template <std::size_t Offset, bool, class D>
    TINYDUAL_DRIVER static constexpr vec<D, N> seed(const vec<T, N>& x) {
        return seed_each<Offset, D>(x, std::make_index_sequence<N>{});
    }
    template <std::size_t Offset, class D, std::size_t... I>
    TINYDUAL_DRIVER static constexpr vec<D, N> seed_each(const vec<T, N>& x, std::index_sequence<I...>) {
        return vec<D, N>{{D::variable(x[I], Offset + I)...}};
    }
    template <std::size_t Offset, class D>
    static constexpr vec<T, N> gradient_block(const D& y) {
        if constexpr (Offset == 0 && N == D::dimension) {
            return y.grad();
        } else {
            vec<T, N> g{};
            for (std::size_t i = 0; i < N; ++i) g[i] = y.partial(Offset + i);
            return g;
        }
    }
};
template <class T, std::size_t N>
struct point_traits<std::array<T, N>> : single_point<std::array<T, N>, N> {
    static constexpr bool valid = is_number<T> && N >= 1;
    using element = T;
    static constexpr std::size_t size = N;
    template <class E>
    using with = std::array<E, N>;
    template <std::size_t Offset, bool, class D>
    TINYDUAL_DRIVER static constexpr std::array<D, N> seed(const std::array<T, N>& x) {
        return seed_each<Offset, D>(x, std::make_index_sequence<N>{});
    }
    template <std::size_t Offset, class D, std::size_t... I>
    TINYDUAL_DRIVER static constexpr std::array<D, N> seed_each(const std::array<T, N>& x, std::index_sequence<I...>) {
        return std::array<D, N>{{D::variable(x[I], Offset + I)...}};
    }
    template <std::size_t Offset, class D>
    static constexpr vec<T, N> gradient_block(const D& y) {
        return point_traits<vec<T, N>>::template gradient_block<Offset>(y);
    }
};
template <class T, std::size_t R, std::size_t C>
struct point_traits<mat<T, R, C>> : single_point<mat<T, R, C>, R * C> {
    static constexpr bool valid = is_number<T>;
    using element = T;
    static constexpr std::size_t size = R * C;
    template <class E>
    using with = mat<E, R, C>;
    template <std::size_t Offset, bool Rows, class D>
    TINYDUAL_DRIVER static constexpr mat<D, R, C> seed(const mat<T, R, C>& x) {
        mat<D, R, C> r{};
        for (std::size_t i = 0; i < R; ++i)
            for (std::size_t j = 0; j < C; ++j) r(i, j) = D::variable(x(i, j), Offset + stacked_index<Rows, R, C>(i, j));
        return r;
    }
    /// The gradient block shaped like the point (gradients are read in column-stacking order,
    /// the order the point was seeded in for a gradient).
    template <std::size_t Offset, class D>
    static constexpr mat<T, R, C> gradient_block(const D& y) {
        mat<T, R, C> g{};
        for (std::size_t i = 0; i < R; ++i)
            for (std::size_t j = 0; j < C; ++j) g(i, j) = y.partial(Offset + stacked_index<false, R, C>(i, j));
        return g;
    }
};

/// A vec or std::array point x with elements D for one pass of chunk<C>: elements First ...
/// First + C - 1 are the variables 0 ... C - 1 (those below N), the others constants.
template <class D, std::size_t C, class X>
constexpr auto seed_chunk(const X& x, std::size_t first) {
    typename point_traits<X>::template with<D> z{};
    for (std::size_t i = 0; i < point_traits<X>::size; ++i)
        z[i] = i >= first && i - first < C ? D::variable(x[i], i - first) : D(x[i]);
    return z;
}

}  // namespace detail
}  // namespace tinydual
