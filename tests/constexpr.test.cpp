// TINYDUAL_CONSTEXPR_NUMBERS (config.hpp, C++20): dual, hyper_dual and nested arithmetic and the
// drivers evaluated by the compiler (static_assert), on this build's backend, and equal to the same
// computations at run time. Built as its own program, tinydual_constexpr_tests, with -std=c++20
// and the option (a suite compiled without it would define the same inline functions otherwise).
// Inputs are small integers and binary fractions: every result is exact, so constant and
// run-time evaluation agree bit for bit although the run-time path may fuse multiply-adds.
#include "support/testing.hpp"

#include <array>
#include <cstddef>

static_assert(TINYDUAL_CONSTEXPR_NUMBERS, "this program is built with TINYDUAL_CONSTEXPR_NUMBERS=1");

using tinydual::dual;
using tinydual::hyper_dual;
using tinydual::mat;
using tinydual::vec;

namespace {

// Every linear operation and product of dual<T, N>; N = 17 spans registers and a tail.
template <class T, std::size_t N>
constexpr dual<T, N> dual_mix(const dual<T, N>& a, const dual<T, N>& b) {
    dual<T, N> r = a * b + a / b - T(2) * a + (-b) - a * T(1.5) + T(4) / b - (T(1) - a) + (b + T(3)) - b / T(2);
    r += a;
    r -= b * b;
    r *= T(2);
    r /= T(4);
    r *= a;
    r /= b;
    r += T(1);
    r -= T(0.5);
    return +r;
}
template <class T, std::size_t N>
constexpr bool dual_mix_is_exact() {
    const auto a = dual<T, N>::variable(T(2), 0), b = dual<T, N>::variable(T(4), N - 1);
    const dual<T, N> r = dual_mix(a, b);
    // r = s a / (2 b) + 1/2 with s = ab + a/b - 2a - b - 1.5a + 4/b - 1 + a + b + 3 - b/2 + a - b^2;
    // at a = 2, b = 4: s = -9.5, ds/da = 2.75, ds/db = -6.875: r = -15/8, dr/da = -1/2, dr/db = -9/8
    bool ok = r.value() == T(-1.875) && r.partial(0) == T(-0.5) && r.partial(N - 1) == T(-1.125);
    for (std::size_t i = 1; i + 1 < N; ++i) ok = ok && r.partial(i) == T(0);
    return ok && a < b && a <= T(2) && T(4) >= b && a != b && !(a == b) && a > T(1);
}
static_assert(dual_mix_is_exact<double, 2>(), "dual<double, 2> arithmetic in a constant expression");
static_assert(dual_mix_is_exact<double, 17>(), "dual<double, 17> arithmetic in a constant expression");
static_assert(dual_mix_is_exact<float, 3>(), "dual<float, 3> arithmetic in a constant expression");
static_assert(dual_mix_is_exact<float, 17>(), "dual<float, 17> arithmetic in a constant expression");

// hyper_dual: f = x^2 y + 4x - y/2 - 5 - x/y at (3, 4).
template <class T, std::size_t N>
constexpr hyper_dual<T, N> hyper_mix(const hyper_dual<T, N>& x, const hyper_dual<T, N>& y) {
    hyper_dual<T, N> r = x * x * y + T(2) * x - y / T(2) + T(1) - x / y - (T(3) - x) + (x - T(3));
    r += x * y;
    r -= x * y;
    r *= T(2);
    r /= T(2);
    return r + (-x) + x;
}
template <class T, std::size_t N>
constexpr bool hyper_mix_is_exact() {
    const auto x = hyper_dual<T, N>::variable(T(3), 0), y = hyper_dual<T, N>::variable(T(4), 1);
    const auto r = hyper_mix(x, y);
    return r.value() == T(40.25) && r.partial(0) == T(27.75) && r.partial(1) == T(8.6875) &&
           r.second_partial(0, 0) == T(8) && r.second_partial(0, 1) == T(6.0625) &&
           r.second_partial(1, 1) == T(-0.09375) && (N < 3 || r.second_partial(0, N - 1) == T(0));
}
static_assert(hyper_mix_is_exact<double, 2>(), "hyper_dual<double, 2> arithmetic in a constant expression");
static_assert(hyper_mix_is_exact<double, 7>(), "hyper_dual<double, 7> arithmetic in a constant expression");
static_assert(hyper_mix_is_exact<float, 5>(), "hyper_dual<float, 5> arithmetic in a constant expression");

// A nested dual: d^2/dx^2 x^3 = 6x.
using inner = dual<double, 2>;
using nested = dual<inner, 2>;
constexpr nested cube(const nested& x) { return x * x * x; }
constexpr nested nested_x = nested(inner::variable(3.0, 0), vec<inner, 2>{inner(1.0), inner(0.0)});
static_assert(cube(nested_x).value().value() == 27.0 && cube(nested_x).partial(0).value() == 27.0 &&
                  cube(nested_x).partial(0).partial(0) == 18.0,
              "nested dual arithmetic in a constant expression");

// The drivers, with both policies and chunk<C>.
struct poly {
    template <class X>
    constexpr auto operator()(const X& x) const {
        auto s = x[0] * x[1] * x[2] + x[0];
        for (std::size_t i = 3; i < x.size(); ++i) s = s * x[i] + x[i];
        return s;
    }
};
constexpr auto g3 = tinydual::gradient(poly{}, vec<double, 3>{1, 2, 3});
static_assert(g3.value == 7 && g3.gradient[0] == 7 && g3.gradient[1] == 3 && g3.gradient[2] == 2,
              "gradient in a constant expression");
constexpr auto g3i = tinydual::gradient(poly{}, std::array<float, 3>{1, 2, 3}, tinydual::ieee);
static_assert(g3i.gradient[0] == 7.0f, "gradient (ieee_policy, std::array) in a constant expression");
// N = 12: four or more registers of partials, where the run-time driver calls f out of line
constexpr auto g12 = tinydual::gradient(poly{}, vec<double, 12>{1, 2, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2});
static_assert(g12.value == 32 && g12.gradient[11] == 16 && g12.gradient[0] == 14, "gradient at N = 12");
constexpr auto g12c = tinydual::gradient(poly{}, vec<double, 12>{1, 2, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2}, tinydual::chunk<5>);
static_assert(g12c.gradient[11] == 16 && g12c.gradient[0] == 14, "gradient with chunk<5> in a constant expression");
constexpr mat<double, 2, 2> m22{1, 2, 3, 4};
constexpr auto gdet = tinydual::gradient([](const auto& M) { return M(0, 0) * M(1, 1) - M(0, 1) * M(1, 0); }, m22);
static_assert(gdet.value == -2 && gdet.gradient(0, 0) == 4 && gdet.gradient(0, 1) == -3,
              "gradient at a matrix point in a constant expression");
constexpr auto jac = tinydual::jacobian(
    [](const auto& x) { return vec<std::decay_t<decltype(x[0])>, 2>{x[0] * x[1], x[0] - x[1]}; }, vec<float, 2>{2, 5});
static_assert(jac.value[0] == 10 && jac.jacobian(0, 0) == 5 && jac.jacobian(0, 1) == 2 && jac.jacobian(1, 1) == -1,
              "jacobian in a constant expression");
constexpr auto jac_t = tinydual::jacobian(
    [](const auto& x) { return vec<std::decay_t<decltype(x[0])>, 2>{x[0] * x[1], x[0] - x[1]}; }, vec<float, 2>{2, 5},
    tinydual::denominator_layout);
static_assert(jac_t.jacobian(1, 0) == 2, "jacobian (denominator layout) in a constant expression");
constexpr auto der = tinydual::derivative([](auto t) { return t * t * t; }, 2.0);
static_assert(der.value == 8 && der.derivative == 12, "derivative in a constant expression");
constexpr auto hes = tinydual::hessian(poly{}, vec<double, 4>{1, 2, 3, 2});
static_assert(hes.value == 16 && hes.gradient[3] == 8 && hes.hessian(0, 1) == 6 && hes.hessian(0, 3) == 7 &&
                  hes.hessian(3, 3) == 0,
              "hessian in a constant expression");
constexpr auto hesc = tinydual::hessian(poly{}, vec<double, 4>{1, 2, 3, 2}, tinydual::chunk<3>);
static_assert(hesc.hessian(0, 3) == 7 && hesc.hessian(3, 0) == 7, "hessian with chunk<3> in a constant expression");
constexpr auto hv = tinydual::hvp(poly{}, vec<double, 3>{1, 2, 3}, vec<double, 3>{1, 0, 0});
static_assert(hv[0] == 0 && hv[1] == 3 && hv[2] == 2, "hvp in a constant expression");
constexpr auto sd = tinydual::second_directional(poly{}, vec<double, 3>{1, 2, 3}, vec<double, 3>{0, 1, 0},
                                                 vec<double, 3>{0, 0, 1});
static_assert(sd == 1, "second_directional in a constant expression");

}  // namespace

TEST_CASE_TEMPLATE("constexpr numbers: constant evaluation equals run-time evaluation", T, float, double) {
    volatile T two = 2, four = 4, three = 3;  // run time: nothing folded
    const dual<T, 17> r = dual_mix(dual<T, 17>::variable(T(two), 0), dual<T, 17>::variable(T(four), 16));
    constexpr dual<T, 17> rc = dual_mix(dual<T, 17>::variable(T(2), 0), dual<T, 17>::variable(T(4), 16));
    CHECK(r.value() == rc.value());
    for (std::size_t i = 0; i < 17; ++i) CHECK(r.partial(i) == rc.partial(i));
    CHECK(rc.partial(0) == T(-0.5));

    const auto h = hyper_mix(hyper_dual<T, 5>::variable(T(three), 0), hyper_dual<T, 5>::variable(T(four), 1));
    constexpr auto hc = hyper_mix(hyper_dual<T, 5>::variable(T(3), 0), hyper_dual<T, 5>::variable(T(4), 1));
    CHECK(h.value() == hc.value());
    CHECK(h.grad() == hc.grad());
    CHECK(h.hess() == hc.hess());

    const auto g = tinydual::gradient(poly{}, vec<T, 12>{T(1), two, three, 1, 1, 1, 1, 1, 1, 1, 1, two});
    constexpr auto gc = tinydual::gradient(poly{}, vec<T, 12>{1, 2, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2});
    CHECK(g.value == gc.value);
    CHECK(g.gradient == gc.gradient);
    const auto H = tinydual::hessian(poly{}, vec<T, 4>{T(1), two, three, two});
    constexpr auto Hc = tinydual::hessian(poly{}, vec<T, 4>{1, 2, 3, 2});
    CHECK(H.hessian == Hc.hessian);
    CHECK(H.gradient == Hc.gradient);
}
