// tinydual/detail/traits.hpp: type traits shared by the headers (not part of the public API).
#pragma once

#include <cstddef>
#include <type_traits>

#include "../policy.hpp"

namespace tinydual {

// Tag tells apart the variables of different driver calls (see second_order.hpp, "Nesting");
// void for duals a user builds by hand.
template <class T, std::size_t N, class Tag = void>
class dual;
template <class T, std::size_t N, class Tag = void>
class hyper_dual;
template <class T, std::size_t N>
struct vec;
template <class T, std::size_t R, std::size_t C>
struct mat;

namespace detail {

template <class T>
struct is_dual : std::false_type {};
template <class T, std::size_t N, class Tag>
struct is_dual<dual<T, N, Tag>> : std::true_type {};

template <class T>
struct is_hyper_dual : std::false_type {};
template <class T, std::size_t N, class Tag>
struct is_hyper_dual<hyper_dual<T, N, Tag>> : std::true_type {};

/// True for the forward-mode number types (dual, hyper_dual).
template <class T>
constexpr bool is_ad = is_dual<T>::value || is_hyper_dual<T>::value;

/// The floating-point type at the bottom of a (possibly nested) forward-mode type.
template <class T>
struct scalar_of {
    using type = T;
};
template <class T, std::size_t N, class Tag>
struct scalar_of<dual<T, N, Tag>> : scalar_of<T> {};
template <class T, std::size_t N, class Tag>
struct scalar_of<hyper_dual<T, N, Tag>> : scalar_of<T> {};
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

/// The tag a driver gives its variables under Policy: call_tag<Policy, F>, F being the class of
/// the function object f it differentiates, when f is generic (a generic lambda or a class with a
/// template operator()), so that two driver calls nested inside each other make distinct types;
/// the policy's own tag (void for the default) when f has one fixed signature (it names
/// gradient_input_t<X> and friends) or is a plain function.
template <class F, class Policy, class = void>
struct driver_tag {
    using type = std::conditional_t<std::is_class<F>::value, call_tag<Policy, F>, policy_tag_t<Policy>>;
};
template <class F, class Policy>
struct driver_tag<F, Policy, std::void_t<decltype(&F::operator())>> {
    using type = policy_tag_t<Policy>;
};
template <class F, class Policy = safe_policy>
using driver_tag_t = typename driver_tag<std::remove_cv_t<std::remove_reference_t<F>>, Policy>::type;

template <class...>
constexpr bool dependent_false = false;

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
