// derivative_rule.hpp: functions tinydual cannot see into, given their derivatives once with
// with_derivative: a lookup table with linear and with cubic (Hermite) interpolation, and an
// implicit function (the root of g(x, p) = 0 by Newton iterations, differentiated by the
// implicit function theorem). Checked through the drivers (dual, hyper_dual, nested duals, both
// policies, float and double) against long-double central differences and closed forms.
#include "support/testing.hpp"

#include <cmath>
#include <cstddef>

using tinydual::dual;
using tinydual::hyper_dual;
using tinydual::vec;
using tdtest::cast;
using tdtest::central_difference;
using tdtest::central_gradient;
using tdtest::closed_form_tol;
using tdtest::fd_tol;

namespace {

// ---- a table of exp(-t) sin(3t) on [0, 2] at 33 nodes, with its slopes (as a datasheet gives) ----
constexpr std::size_t nodes = 33;
constexpr long double t0 = 0, t1 = 2, step = (t1 - t0) / (nodes - 1);

template <class S>
struct table {
    S y[nodes], dy[nodes];
    table() {
        for (std::size_t i = 0; i < nodes; ++i) {
            const long double t = t0 + step * static_cast<long double>(i);
            y[i] = static_cast<S>(std::exp(-t) * std::sin(3 * t));
            dy[i] = static_cast<S>(std::exp(-t) * (3 * std::cos(3 * t) - std::sin(3 * t)));
        }
    }
    /// Segment of t (clamped to the table) and the position u in [0, 1] inside it.
    std::size_t segment(S t, S& u) const {
        const S s = (t - S(t0)) / S(step);
        std::size_t i = s <= S(0) ? 0 : static_cast<std::size_t>(s);
        if (i > nodes - 2) i = nodes - 2;
        u = s - static_cast<S>(i);
        return i;
    }
    // Linear interpolation and its slope.
    S linear(S t) const {
        S u;
        const std::size_t i = segment(t, u);
        return y[i] + u * (y[i + 1] - y[i]);
    }
    S linear_slope(S t) const {
        S u;
        const std::size_t i = segment(t, u);
        return (y[i + 1] - y[i]) / S(step);
    }
    // Cubic Hermite interpolation from values and slopes: f, f', f''.
    S cubic(S t) const {
        S u;
        const std::size_t i = segment(t, u);
        const S h = S(step), u2 = u * u, u3 = u2 * u;
        return (2 * u3 - 3 * u2 + 1) * y[i] + (u3 - 2 * u2 + u) * h * dy[i] + (-2 * u3 + 3 * u2) * y[i + 1] +
               (u3 - u2) * h * dy[i + 1];
    }
    S cubic_slope(S t) const {
        S u;
        const std::size_t i = segment(t, u);
        const S h = S(step), u2 = u * u;
        return ((6 * u2 - 6 * u) * y[i] + (3 * u2 - 4 * u + 1) * h * dy[i] + (-6 * u2 + 6 * u) * y[i + 1] +
                (3 * u2 - 2 * u) * h * dy[i + 1]) /
               h;
    }
    S cubic_curvature(S t) const {
        S u;
        const std::size_t i = segment(t, u);
        const S h = S(step);
        return ((12 * u - 6) * y[i] + (6 * u - 4) * h * dy[i] + (-12 * u + 6) * y[i + 1] + (6 * u - 2) * h * dy[i + 1]) /
               (h * h);
    }
};

template <class S>
const table<S>& the_table() {
    static const table<S> t;
    return t;
}

template <class S>
auto linear_rule() {
    return tinydual::with_derivative([](S t) { return the_table<S>().linear(t); },
                                     [](S t) { return the_table<S>().linear_slope(t); });
}
template <class S>
auto cubic_rule() {
    return tinydual::with_derivative([](S t) { return the_table<S>().cubic(t); },
                                     [](S t) { return the_table<S>().cubic_slope(t); },
                                     [](S t) { return the_table<S>().cubic_curvature(t); });
}

// ---- implicit function: x(p) with x^3 + p x - 1 = 0 (one real root for p > 0) ----
template <class S>
S root(S p) {
    S x = S(1);
    for (int k = 0; k < 60; ++k) {
        const S step_ = (x * x * x + p * x - S(1)) / (S(3) * x * x + p);
        x -= step_;
        if (std::fabs(step_) <= std::numeric_limits<S>::epsilon() * std::fabs(x)) break;
    }
    return x;
}
// Implicit function theorem: x' = -g_p / g_x = -x / (3x^2 + p); x'' by differentiating that.
template <class S>
S root_slope(S p) {
    const S x = root(p);
    return -x / (S(3) * x * x + p);
}
template <class S>
S root_curvature(S p) {
    const S x = root(p), gx = S(3) * x * x + p, dx = -x / gx;
    return -(dx * gx - x * (S(6) * x * dx + S(1))) / (gx * gx);
}
template <class S>
auto root_rule() {
    return tinydual::with_derivative([](S p) { return root(p); }, [](S p) { return root_slope(p); },
                                     [](S p) { return root_curvature(p); });
}

/// A user function of two variables around the rule r: r(x0 x1) * x1 + r(x0 + 0.5).
template <class R>
struct composite {
    R r;
    template <class X>
    auto operator()(const X& x) const {
        using S = tinydual::detail::scalar_t<typename X::value_type>;
        return r(x[0] * x[1]) * x[1] + r(x[0] + static_cast<S>(0.5));
    }
};
template <class R>
composite<R> compose(R r) {
    return composite<R>{r};
}

}  // namespace

TEST_CASE_TEMPLATE("derivative_rule: a linear-interpolation table through gradient, both policies", T, float, double) {
    const auto f = compose(linear_rule<T>());
    // Points inside segments: central differences of the long-double table do not cross a node.
    const auto fl = compose(linear_rule<long double>());
    for (const vec<T, 2>& x : {vec<T, 2>{T(0.7), T(1.3)}, vec<T, 2>{T(0.35), T(2.2)}}) {
        const auto r = tinydual::gradient(f, x);
        const auto ri = tinydual::gradient(f, x, tinydual::ieee_policy{});
        const vec<long double, 2> g = central_gradient(fl, cast<long double>(x));
        TD_CHECK_CLOSE(r.value, static_cast<T>(fl(cast<long double>(x))), T(8) * closed_form_tol<T>());
        tdtest::check_close(r.gradient, g, T(4) * fd_tol<T>());
        tdtest::check_close(ri.gradient, r.gradient, T(0));
    }
    // The rule itself on a plain number is the function.
    CHECK(linear_rule<T>()(T(0.7)) == the_table<T>().linear(T(0.7)));
}

TEST_CASE_TEMPLATE("derivative_rule: cubic table and implicit function, second order", T, float, double) {
    const vec<T, 2> x{T(0.6), T(1.1)};
    SUBCASE("cubic Hermite table") {
        const auto f = compose(cubic_rule<T>());
        const auto fl = compose(cubic_rule<long double>());
        const auto g = central_gradient(fl, cast<long double>(x));
        tdtest::check_close(tinydual::gradient(f, x).gradient, g, T(4) * fd_tol<T>());
        // H = r''(x0 x1) (x1, x0)(x1, x0)' + r'(x0 x1) [[0, 1], [1, 0]] (plus x1's factor), in
        // closed form from the table's own f' and f''; then the hyper_dual's.
        const auto h = tinydual::hessian(f, x);
        const table<T>& tb = the_table<T>();
        const T a = x[0] * x[1], b = x[0] + T(0.5);
        const T r1 = tb.cubic_slope(a), r2 = tb.cubic_curvature(a), s2 = tb.cubic_curvature(b);
        const T h00 = r2 * x[1] * x[1] * x[1] + s2;
        const T h01 = r2 * x[0] * x[1] * x[1] + T(2) * r1 * x[1];
        const T h11 = r2 * x[0] * x[0] * x[1] + T(2) * r1 * x[0];
        TD_CHECK_CLOSE(h.hessian(0, 0), h00, T(16) * closed_form_tol<T>());
        TD_CHECK_CLOSE(h.hessian(0, 1), h01, T(16) * closed_form_tol<T>());
        TD_CHECK_CLOSE(h.hessian(1, 1), h11, T(16) * closed_form_tol<T>());
        // f'' of the rule against central differences of its f' (long double).
        const long double c = central_difference([&](long double t) { return the_table<long double>().cubic_slope(t); },
                                                 static_cast<long double>(a));
        TD_CHECK_CLOSE(r2, static_cast<T>(c), T(64) * fd_tol<T>());
    }
    SUBCASE("implicit function: Newton's root, differentiated by the implicit function theorem") {
        const auto f = compose(root_rule<T>());
        const auto fl = compose(root_rule<long double>());
        const auto xl = cast<long double>(x);
        const auto g = central_gradient(fl, xl);
        const auto r = tinydual::gradient(f, x);
        TD_CHECK_CLOSE(r.value, static_cast<T>(fl(xl)), T(8) * closed_form_tol<T>());
        tdtest::check_close(r.gradient, g, T(4) * fd_tol<T>());
        // Second order: the Hessian's rows are the central differences of the gradient.
        const auto h = tinydual::hessian(f, x);
        for (std::size_t i = 0; i < 2; ++i) {
            const auto gi = [&](const vec<long double, 2>& y) {
                return tinydual::gradient(fl, y).gradient[i];
            };
            tdtest::check_close(h.hessian.row(i), central_gradient(gi, xl), T(16) * fd_tol<T>());
        }
        tdtest::check_close(h.gradient, r.gradient, T(4) * closed_form_tol<T>());
    }
}

TEST_CASE("derivative_rule: nested duals, constants and the zero-partial rule") {
    // dual<dual<double, 1>, 1>: the inner level differentiates f', so d2f gives the second derivative.
    using inner = dual<double, 1>;
    using nested = dual<inner, 1>;
    const auto r = root_rule<double>();
    const double p = 0.8;
    const nested x(inner::variable(p, 0), vec<inner, 1>{inner(1.0)});
    const nested y = r(x);
    TD_CHECK_CLOSE(y.value().value(), root(p), closed_form_tol<double>());
    TD_CHECK_CLOSE(y.value().partial(0), root_slope(p), closed_form_tol<double>());
    TD_CHECK_CLOSE(y.partial(0).value(), root_slope(p), closed_form_tol<double>());
    TD_CHECK_CLOSE(y.partial(0).partial(0), root_curvature(p), closed_form_tol<double>());

    // A rule whose derivative is infinite (a square-root-like sensor curve at 0): constants stay
    // constants under safe_policy, and seeded partials are +inf as IEEE arithmetic gives.
    const auto curve = tinydual::with_derivative([](double t) { return std::sqrt(t); },
                                                 [](double t) { return 0.5 / std::sqrt(t); });
    using d2 = dual<double, 2>;
    const d2 c = curve(d2(0.0));
    CHECK(c.partial(0) == 0.0);
    CHECK(c.partial(1) == 0.0);
    const d2 v = curve(d2::variable(0.0, 1));
    CHECK(v.partial(0) == 0.0);
    CHECK(std::isinf(v.partial(1)));
    using d2i = dual<double, 2, tinydual::ieee_policy>;
    CHECK(std::isnan(curve(d2i(0.0)).partial(0)));  // ieee_policy: 0 * inf, literally
}
