// limits.hpp: std::numeric_limits of dual and hyper_dual (flat and nested) against T's, and a
// generic tolerance loop, as Eigen or user code writes it, that ends only with them.
#include "support/testing.hpp"

#include <cmath>
#include <limits>
#include <type_traits>

using tinydual::dual;
using tinydual::hyper_dual;
using tdtest::closed_form_tol;

namespace {

/// Every constant of numeric_limits<D> is a constant D (zero first partials) with T's value,
/// and every property is T's.
template <class D, class T>
void check_limits_of() {
    using L = std::numeric_limits<D>;
    using LT = std::numeric_limits<T>;
    static_assert(L::is_specialized, "specialised");
    static_assert(L::digits == LT::digits && L::digits10 == LT::digits10 && L::max_digits10 == LT::max_digits10,
                  "digits from T");
    static_assert(L::radix == LT::radix && L::min_exponent == LT::min_exponent && L::max_exponent == LT::max_exponent,
                  "exponents from T");
    static_assert(L::has_infinity && L::has_quiet_NaN && L::is_signed && !L::is_integer && !L::is_exact,
                  "a floating-point number");
    static_assert(L::is_iec559 == LT::is_iec559 && L::round_style == LT::round_style, "IEEE properties from T");
    static_assert(std::is_same<decltype(L::epsilon()), D>::value, "constants are numbers of the type");
    static_assert(std::numeric_limits<const D>::is_specialized, "cv-qualified types answer too");

    const auto constant_with = [](const D& x, T v) {
        bool zero = true;
        for (std::size_t i = 0; i < D::dimension; ++i) zero = zero && tinydual::detail::base_value(x.partial(i)) == T(0);
        return zero && tinydual::detail::base_value(x) == v;
    };
    CHECK(constant_with(L::epsilon(), LT::epsilon()));
    CHECK(constant_with(L::min(), LT::min()));
    CHECK(constant_with(L::max(), LT::max()));
    CHECK(constant_with(L::lowest(), LT::lowest()));
    CHECK(constant_with(L::round_error(), LT::round_error()));
    CHECK(constant_with(L::denorm_min(), LT::denorm_min()));
    CHECK(constant_with(L::infinity(), LT::infinity()));
    CHECK(std::isnan(tinydual::detail::base_value(L::quiet_NaN())));
    CHECK(std::isnan(tinydual::detail::base_value(L::signaling_NaN())));
}

/// sqrt(a) by Newton's iteration until the step is below epsilon() of the iterate, the way
/// generic code (Eigen's among it) stops: without a specialisation epsilon() is 0 and the loop
/// runs to its cap; with it the loop ends and the derivative is d sqrt(a) / da.
template <class D>
D newton_sqrt(const D& a, int& iterations) {
    using std::abs;
    using S = tinydual::detail::scalar_t<D>;
    const D eps = std::numeric_limits<D>::epsilon();
    D x = a;
    for (iterations = 0; iterations < 200; ++iterations) {
        const D next = (x + a / x) / S(2);
        const bool done = abs(next - x) <= S(4) * eps * abs(next);
        x = next;
        if (done) break;
    }
    return x;
}

}  // namespace

TEST_CASE_TEMPLATE("limits: numeric_limits of dual and hyper_dual come from T", T, float, double) {
    check_limits_of<dual<T, 3>, T>();
    check_limits_of<dual<T, 1>, T>();
    check_limits_of<hyper_dual<T, 2>, T>();
    check_limits_of<dual<dual<T, 1>, 2>, dual<T, 1>>();
    static_assert(std::numeric_limits<dual<dual<T, 1>, 2>>::digits == std::numeric_limits<T>::digits,
                  "a nested dual answers as its scalar does");
    static_assert(std::numeric_limits<dual<T, 2>>::epsilon().value() == std::numeric_limits<T>::epsilon(),
                  "constant-evaluable");
}

TEST_CASE_TEMPLATE("limits: a tolerance loop on epsilon() ends, with the right derivative", T, float, double) {
    using D = dual<T, 1>;
    const T a = T(2.5);
    int iterations = 0;
    const D r = newton_sqrt(D::variable(a, 0), iterations);
    CHECK(iterations < 20);
    TD_CHECK_CLOSE(r.value(), std::sqrt(a), closed_form_tol<T>());
    TD_CHECK_CLOSE(r.partial(0), T(0.5) / std::sqrt(a), closed_form_tol<T>());

    using H = hyper_dual<T, 1>;
    const H h = newton_sqrt(H::variable(a, 0), iterations);
    CHECK(iterations < 20);
    TD_CHECK_CLOSE(h.second_partial(0, 0), T(-0.25) / (a * std::sqrt(a)), closed_form_tol<T>());
}
