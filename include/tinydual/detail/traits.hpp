// tinydual/detail/traits.hpp: forward declarations, type traits and value helpers shared by the
// headers (not part of the public API).
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>

namespace tinydual {

// Tag tells apart the variables of different driver calls and selects the policy (nesting.hpp);
// void for numbers a user builds by hand.
template <class T, std::size_t N, class Tag = void>
class dual;
template <class T, std::size_t N, class Tag = void>
class hyper_dual;
template <class T, std::size_t N>
struct vec;
template <class T, std::size_t R, std::size_t C>
struct mat;
template <class T, std::size_t K>
struct lanes;

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

/// True for lanes<T, K> (lanes.hpp: the values of K points at once).
template <class T>
struct is_lanes : std::false_type {};
/// The floating-point type of one value: scalar_t, or for lanes<T, K> (a batched scalar) T.
template <class T>
struct element_of {
    using type = T;
};
template <class T, std::size_t K>
struct element_of<lanes<T, K>> {
    using type = T;
};
template <class T>
using element_t = typename element_of<scalar_t<T>>::type;

/// True for the element types tinydual differentiates: float, double, long double, lanes of
/// them, or a forward-mode type built on them.
template <class T>
constexpr bool is_number = std::is_floating_point<element_t<T>>::value;

/// A numeric constant in the precision of T (float stays float: no double promotion).
template <class T>
constexpr T constant(long double x) {
    return T(static_cast<element_t<T>>(x));
}

/// The plain value of a number at any nesting depth.
template <class T>
constexpr scalar_t<T> base_value(const T& x) {
    if constexpr (is_ad<T>)
        return base_value(x.value());
    else
        return x;
}

/// A quiet NaN in the precision of T.
template <class T>
constexpr T quiet_nan() {
    return T(std::numeric_limits<element_t<T>>::quiet_NaN());
}
/// Classification of a number by its value at any nesting depth.
template <class T>
constexpr auto is_finite_value(const T& x) {
    using std::isfinite;
    return isfinite(base_value(x));
}
/// b itself, or for a lane mask: true when it holds in every lane.
template <class M>
constexpr bool all_lanes(const M& m) {
    if constexpr (std::is_same<M, bool>::value)
        return m;
    else
        return all(m);
}
/// True when x's value is finite (in every lane, for batched numbers).
template <class T>
constexpr bool all_lanes_finite(const T& x) {
    return all_lanes(is_finite_value(x));
}
/// True when pred holds for every plain number in x: its value and every partial, first and
/// second, at every nesting depth (pred(x) itself for a plain number). Over lanes (batched
/// numbers) pred gives a lane mask, and so does this: lane by lane, every component.
template <class T, class Pred>
constexpr auto every_component(const T& x, const Pred& pred) {
    if constexpr (is_ad<T> && is_lanes<scalar_t<T>>::value) {
        auto m = every_component(x.value(), pred);
        for (std::size_t i = 0; i < T::dimension; ++i) m = m && every_component(x.partial(i), pred);
        if constexpr (is_hyper_dual<T>::value) {
            const auto h = x.hessian_partials();
            for (std::size_t k = 0; k < T::packed_size; ++k) m = m && every_component(h[k], pred);
        }
        return m;
    } else if constexpr (is_ad<T>) {
        if (!every_component(x.value(), pred)) return false;
        for (std::size_t i = 0; i < T::dimension; ++i)
            if (!every_component(x.partial(i), pred)) return false;
        if constexpr (is_hyper_dual<T>::value) {
            const auto h = x.hessian_partials();
            for (std::size_t k = 0; k < T::packed_size; ++k)
                if (!every_component(h[k], pred)) return false;
        }
        return true;
    } else {
        return pred(x);
    }
}
template <class T>
constexpr auto is_nan_value(const T& x) {
    using std::isnan;
    return isnan(base_value(x));
}
template <class T>
constexpr auto signbit_value(const T& x) {
    using std::signbit;
    return signbit(base_value(x));
}

template <class...>
constexpr bool dependent_false = false;

template <class T>
struct is_vec : std::false_type {};
template <class T, std::size_t N>
struct is_vec<vec<T, N>> : std::true_type {};
template <class T>
struct is_std_array : std::false_type {};
template <class T, std::size_t N>
struct is_std_array<std::array<T, N>> : std::true_type {};
template <class T>
struct is_mat : std::false_type {};
template <class T, std::size_t R, std::size_t C>
struct is_mat<mat<T, R, C>> : std::true_type {};

}  // namespace detail
}  // namespace tinydual
