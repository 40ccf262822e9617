// tinydual/detail/traits.hpp: type traits shared by the headers (not part of the public API).
#pragma once

#include <cstddef>
#include <type_traits>

namespace tinydual {

template <class T, std::size_t N>
class dual;
template <class T, std::size_t N>
class hyper_dual;
template <class T, std::size_t N>
struct vec;
template <class T, std::size_t R, std::size_t C>
struct mat;

namespace detail {

template <class T>
struct is_dual : std::false_type {};
template <class T, std::size_t N>
struct is_dual<dual<T, N>> : std::true_type {};

template <class T>
struct is_hyper_dual : std::false_type {};
template <class T, std::size_t N>
struct is_hyper_dual<hyper_dual<T, N>> : std::true_type {};

/// True for the forward-mode number types (dual, hyper_dual).
template <class T>
constexpr bool is_ad = is_dual<T>::value || is_hyper_dual<T>::value;

/// The floating-point type at the bottom of a (possibly nested) forward-mode type.
template <class T>
struct scalar_of {
    using type = T;
};
template <class T, std::size_t N>
struct scalar_of<dual<T, N>> : scalar_of<T> {};
template <class T, std::size_t N>
struct scalar_of<hyper_dual<T, N>> : scalar_of<T> {};
template <class T>
using scalar_t = typename scalar_of<T>::type;

/// True for the element types tinydual differentiates: float, double, long double, or a
/// forward-mode type built on them.
template <class T>
constexpr bool is_number = std::is_floating_point<scalar_t<T>>::value;

/// A numeric constant in the precision of T (float stays float: no double promotion).
template <class T>
constexpr T constant(long double x) {
    return T(static_cast<scalar_t<T>>(x));
}

/// The plain value of a number at any nesting depth.
template <class T>
constexpr scalar_t<T> base_value(const T& x) {
    if constexpr (is_ad<T>)
        return base_value(x.value());
    else
        return x;
}

template <class T>
struct is_vec : std::false_type {};
template <class T, std::size_t N>
struct is_vec<vec<T, N>> : std::true_type {};
template <class T>
struct is_mat : std::false_type {};
template <class T, std::size_t R, std::size_t C>
struct is_mat<mat<T, R, C>> : std::true_type {};

}  // namespace detail
}  // namespace tinydual
