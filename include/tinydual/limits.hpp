// tinydual/limits.hpp: std::numeric_limits for dual and hyper_dual, taken from T's limits.
//
//   using d3 = tinydual::dual<double, 3>;
//   d3 eps = std::numeric_limits<d3>::epsilon();   // value DBL_EPSILON, partials zero
//
// Generic code (Eigen's NumTraits among it) asks numeric_limits<Scalar> for epsilon(), min()
// and max(); without this specialisation those are 0 (the primary template's), and a
// tolerance test such as Eigen's JacobiSVD's never ends or divides by zero. Every constant
// is a dual constant (partials zero) of T's value; every property (digits, has_infinity,
// is_iec559, ...) is T's, so a nested dual<dual<float, 1>, 2> answers as float does.
#pragma once

#include <limits>

#include "detail/traits.hpp"

namespace tinydual {
namespace detail {

/// numeric_limits for a forward-mode number D on T: T's properties, D constants of T's values.
template <class D, class T>
struct number_limits : std::numeric_limits<T> {
   private:
    using limits = std::numeric_limits<T>;

   public:
    static constexpr bool is_specialized = true;
    static constexpr D min() noexcept { return D(limits::min()); }
    static constexpr D max() noexcept { return D(limits::max()); }
    static constexpr D lowest() noexcept { return D(limits::lowest()); }
    static constexpr D epsilon() noexcept { return D(limits::epsilon()); }
    static constexpr D round_error() noexcept { return D(limits::round_error()); }
    static constexpr D infinity() noexcept { return D(limits::infinity()); }
    static constexpr D quiet_NaN() noexcept { return D(limits::quiet_NaN()); }
    static constexpr D signaling_NaN() noexcept { return D(limits::signaling_NaN()); }
    static constexpr D denorm_min() noexcept { return D(limits::denorm_min()); }
};

}  // namespace detail
}  // namespace tinydual

namespace std {

template <class T, std::size_t N, class Tag>
struct numeric_limits<tinydual::dual<T, N, Tag>> : tinydual::detail::number_limits<tinydual::dual<T, N, Tag>, T> {};

template <class T, std::size_t N, class Tag>
struct numeric_limits<tinydual::hyper_dual<T, N, Tag>>
    : tinydual::detail::number_limits<tinydual::hyper_dual<T, N, Tag>, T> {};

}  // namespace std
