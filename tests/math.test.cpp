// math.hpp: every function's value against <cmath> (bit for bit: the same call computes it) and its
// partials against long double central differences, for float and double, at random points of
// the domain and close to its edges; then the documented edge behaviour, row by row.
#include "support/testing.hpp"

#include <cmath>
#include <limits>
#include <string>

using tinydual::dual;
using tinydual::vec;

namespace {

template <class T>
bool same_value(T a, T b) {
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

// Seeds with several directions: partial i must be seed_i * f'(x).
template <class T>
constexpr vec<T, 3> seeds() {
    return vec<T, 3>{T(1), T(-0.5f), T(2)};
}

template <class T, class F>
void check_unary(const char* name, F f, double lo, double hi) {
    INFO("function " << std::string(name));
    using D = dual<T, 3>;
    tdtest::rng r(17);
    const double span = hi - lo;
    double points[16];
    for (int k = 0; k < 14; ++k) points[k] = r.uniform(lo, hi);
    points[14] = lo + 1e-3 * span;  // close to the edges of the domain
    points[15] = hi - 1e-3 * span;
    for (double p : points) {
        const T x = static_cast<T>(p);
        INFO("at x = " << p);
        const D y = f(D(x, seeds<T>()));
        CHECK(same_value(y.value(), static_cast<T>(f(x))));
        // the step stays well inside the domain: its edges are where the singularities are
        const long double lx = static_cast<long double>(x);
        const long double room = std::fmin(lx - static_cast<long double>(lo), static_cast<long double>(hi) - lx) / 2;
        const long double ref =
            tdtest::central_difference([&](long double t) { return f(t); }, lx, std::fmin(std::fmax(0.01L, std::fabs(lx)), room));
        for (std::size_t i = 0; i < 3; ++i)
            TD_CHECK_CLOSE(y.partial(i), static_cast<T>(static_cast<long double>(seeds<T>()[i]) * ref), tdtest::fd_tol<T>());
    }
}

// Two arguments: (dual, dual), (dual, T) and (T, dual) against central differences in each.
// skip(a, b) marks points too close to a kink or a jump for a finite difference.
template <class T, class F, class Skip>
void check_binary(const char* name, F f, double alo, double ahi, double blo, double bhi, Skip skip) {
    INFO("function " << std::string(name));
    using D = dual<T, 2>;
    tdtest::rng r(29);
    int checked = 0;
    for (int k = 0; k < 24; ++k) {
        const T a = static_cast<T>(r.uniform(alo, ahi)), b = static_cast<T>(r.uniform(blo, bhi));
        if (skip(static_cast<double>(a), static_cast<double>(b))) continue;
        ++checked;
        INFO("at (" << a << ", " << b << ")");
        const long double la = static_cast<long double>(a), lb = static_cast<long double>(b);
        const long double fa = tdtest::central_difference([&](long double t) { return f(t, lb); }, la);
        const long double fb = tdtest::central_difference([&](long double t) { return f(la, t); }, lb);
        const T tol = tdtest::fd_tol<T>();
        const D both = f(D::variable(a, 0), D::variable(b, 1));
        CHECK(same_value(both.value(), static_cast<T>(f(a, b))));
        TD_CHECK_CLOSE(both.partial(0), static_cast<T>(fa), tol);
        TD_CHECK_CLOSE(both.partial(1), static_cast<T>(fb), tol);
        const D left = f(D::variable(a, 0), b);
        CHECK(same_value(left.value(), static_cast<T>(f(a, b))));
        TD_CHECK_CLOSE(left.partial(0), static_cast<T>(fa), tol);
        CHECK(left.partial(1) == T(0));
        const D right = f(a, D::variable(b, 1));
        CHECK(same_value(right.value(), static_cast<T>(f(a, b))));
        CHECK(right.partial(0) == T(0));
        TD_CHECK_CLOSE(right.partial(1), static_cast<T>(fb), tol);
    }
    CHECK(checked >= 12);
}

const auto never = [](double, double) { return false; };

}  // namespace

#define TD_UNARY(fn, lo, hi) check_unary<T>(#fn, [](const auto& x) { using std::fn; return fn(x); }, lo, hi)

TEST_CASE_TEMPLATE("math: unary functions against central differences", T, float, double) {
    TD_UNARY(abs, -3, 3);
    TD_UNARY(fabs, -3, 3);
    TD_UNARY(sqrt, 0, 4);
    TD_UNARY(cbrt, -4, 4);
    TD_UNARY(exp, -5, 5);
    TD_UNARY(exp2, -5, 5);
    TD_UNARY(expm1, -3, 3);
    TD_UNARY(log, 0, 4);
    TD_UNARY(log2, 0, 4);
    TD_UNARY(log10, 0, 4);
    TD_UNARY(log1p, -1, 3);
    TD_UNARY(sin, -6, 6);
    TD_UNARY(cos, -6, 6);
    TD_UNARY(tan, -1.4, 1.4);
    TD_UNARY(asin, -1, 1);
    TD_UNARY(acos, -1, 1);
    TD_UNARY(atan, -5, 5);
    TD_UNARY(sinh, -4, 4);
    TD_UNARY(cosh, -4, 4);
    TD_UNARY(tanh, -4, 4);
    TD_UNARY(asinh, -5, 5);
    TD_UNARY(acosh, 1, 5);
    TD_UNARY(atanh, -1, 1);
    TD_UNARY(erf, -3, 3);
    TD_UNARY(erfc, -3, 3);
}

#define TD_BINARY(fn, alo, ahi, blo, bhi, skip) \
    check_binary<T>(#fn, [](const auto& a, const auto& b) { using std::fn; return fn(a, b); }, alo, ahi, blo, bhi, skip)

TEST_CASE_TEMPLATE("math: binary functions against central differences, all argument kinds", T, float, double) {
    const auto near_tie = [](double a, double b) { return std::fabs(a - b) < 0.05; };
    TD_BINARY(pow, 0.2, 3, -2.5, 2.5, never);
    TD_BINARY(atan2, -2, 2, -2, 2, [](double y, double x) { return std::hypot(x, y) < 0.1; });
    TD_BINARY(hypot, -2, 2, -2, 2, [](double a, double b) { return std::hypot(a, b) < 0.1; });
    TD_BINARY(fmin, -2, 2, -2, 2, near_tie);
    TD_BINARY(fmax, -2, 2, -2, 2, near_tie);
    TD_BINARY(min, -2, 2, -2, 2, near_tie);
    TD_BINARY(max, -2, 2, -2, 2, near_tie);
    TD_BINARY(copysign, -3, 3, -3, 3, [](double a, double b) { return std::fabs(a) < 0.05 || std::fabs(b) < 0.05; });
    TD_BINARY(fmod, -5, 5, 0.7, 2, [](double a, double b) {
        const double q = a / b;
        return std::fabs(q - std::round(q)) < 0.01;
    });
}

TEST_CASE_TEMPLATE("math: fma in every argument", T, float, double) {
    using D = dual<T, 3>;
    tdtest::rng r(31);
    for (int k = 0; k < 8; ++k) {
        const T a = T(r.uniform(-2, 2)), b = T(r.uniform(-2, 2)), c = T(r.uniform(-2, 2));
        const D x = D::variable(a, 0), y = D::variable(b, 1), z = D::variable(c, 2);
        const T v = std::fma(a, b, c);
        const D all = fma(x, y, z);
        CHECK(all.value() == v);
        CHECK(all.grad() == vec<T, 3>{b, a, T(1)});
        CHECK(fma(x, b, c).grad() == vec<T, 3>{b, 0, 0});
        CHECK(fma(a, y, c).grad() == vec<T, 3>{0, a, 0});
        CHECK(fma(a, b, z).grad() == vec<T, 3>{0, 0, 1});
        CHECK(fma(x, y, c).grad() == vec<T, 3>{b, a, 0});
        CHECK(fma(x, b, z).grad() == vec<T, 3>{b, 0, 1});
        CHECK(fma(a, y, z).grad() == vec<T, 3>{0, a, 1});
        CHECK(fma(a, y, z).value() == v);
    }
}

TEST_CASE_TEMPLATE("math: floor, ceil, round, trunc have zero derivative, also at jumps", T, float, double) {
    using D = dual<T, 2>;
    const T points[] = {T(-2.5f), T(-1), T(-0.3f), T(0), T(0.5f), T(1.7f), T(3)};
    for (T p : points) {
        const D x(p, vec<T, 2>{1, -1});
        CHECK(floor(x).value() == std::floor(p));
        CHECK(ceil(x).value() == std::ceil(p));
        CHECK(round(x).value() == std::round(p));
        CHECK(trunc(x).value() == std::trunc(p));
        CHECK(floor(x).partials().is_zero());
        CHECK(ceil(x).partials().is_zero());
        CHECK(round(x).partials().is_zero());
        CHECK(trunc(x).partials().is_zero());
    }
}

TEST_CASE_TEMPLATE("math: element-wise on vec and mat", T, float, double) {
    using D = dual<T, 2>;
    vec<D, 2> x{D::variable(T(0.5f), 0), D::variable(T(2), 1)};
    const auto y = exp(x);
    TD_CHECK_CLOSE(y[0].value(), std::exp(T(0.5f)), 2 * tdtest::eps<T>());  // may be folded at compile time
    TD_CHECK_CLOSE(y[1].partial(1), std::exp(T(2)), 2 * tdtest::eps<T>());
    CHECK(y[0].partial(1) == T(0));
    const auto p = pow(x, T(2));
    CHECK(p[1].partial(1) == T(4));
    const auto q = atan2(x, x);
    TD_CHECK_CLOSE(q[0].partial(0), T(0), tdtest::eps<T>());
    const tinydual::mat<T, 2, 2> m{{T(1), T(4)}, {T(9), T(16)}};
    const auto s = sqrt(m);
    CHECK(s(1, 1) == T(4));
}

// ---- edge behaviour (README, "Edge behaviour"): every row pinned ----
TEST_CASE_TEMPLATE("edge: a constant never becomes NaN, whatever the point", T, float, double) {
    using D = dual<T, 2>;
    const T inf = std::numeric_limits<T>::infinity();
    const D zero = T(0), one = T(1), minus_one = T(-1), big = T(1e30f);
    auto constant = [](const D& d) { return d.partials().is_zero(); };
    CHECK(constant(sqrt(zero)));
    CHECK(constant(cbrt(zero)));
    CHECK(constant(log(zero)));
    CHECK(constant(log(minus_one)));
    CHECK(constant(asin(one)));
    CHECK(constant(acos(minus_one)));
    CHECK(constant(atanh(one)));
    CHECK(constant(acosh(one)));
    CHECK(constant(pow(zero, T(0.5f))));
    CHECK(constant(pow(zero, D(T(-1)))));
    CHECK(constant(pow(minus_one, D(T(0.5f)))));
    CHECK(constant(atan2(zero, zero)));
    CHECK(constant(hypot(zero, zero)));
    CHECK(constant(exp(big)));
    CHECK(constant(sqrt(D(inf))));
    CHECK(constant(zero / zero));  // the value is NaN, the partials stay zero
    CHECK(std::isnan((zero / zero).value()));
}

TEST_CASE_TEMPLATE("edge: infinite derivatives give IEEE infinities for non-zero seeds", T, float, double) {
    using D = dual<T, 2>;
    const T inf = std::numeric_limits<T>::infinity();
    const D x = D::variable(T(0), 0);  // partial 0 seeded, partial 1 zero
    const D s = sqrt(x);
    CHECK(s.value() == T(0));
    CHECK(s.partial(0) == inf);
    CHECK(s.partial(1) == T(0));  // the unseeded direction stays exactly zero
    CHECK(cbrt(x).partial(0) == inf);
    const D l = log(x);
    CHECK(l.value() == -inf);
    CHECK(l.partial(0) == inf);
    CHECK(l.partial(1) == T(0));
    CHECK(asin(D::variable(T(1), 0)).partial(0) == inf);
    CHECK(acos(D::variable(T(1), 0)).partial(0) == -inf);
    CHECK(atanh(D::variable(T(-1), 0)).partial(0) == inf);
    CHECK(pow(x, T(0.5f)).partial(0) == inf);
    // outside the domain: NaN value and NaN derivative
    CHECK(std::isnan(sqrt(D::variable(T(-1), 0)).value()));
    CHECK(std::isnan(sqrt(D::variable(T(-1), 0)).partial(0)));
    CHECK(std::isnan(log(D::variable(T(-1), 0)).partial(0)));
    CHECK(std::isnan(log2(D::variable(T(-1), 0)).partial(0)));
    CHECK(std::isnan(log10(D::variable(T(-1), 0)).partial(0)));
    CHECK(std::isnan(log1p(D::variable(T(-2), 0)).partial(0)));
    CHECK(std::isnan(atanh(D::variable(T(2), 0)).partial(0)));
    CHECK(std::isnan(acosh(D::variable(T(0.5f), 0)).partial(0)));
    CHECK(std::isnan(asin(D::variable(T(1.5f), 0)).partial(0)));
}

TEST_CASE_TEMPLATE("edge: kinks and ties", T, float, double) {
    using D = dual<T, 2>;
    const D pz = D::variable(T(0), 0), nz = D::variable(-T(0), 0);
    // abs'(0) = 0 (also at -0, whose value becomes +0)
    CHECK(abs(pz).partial(0) == T(0));
    CHECK(abs(nz).partial(0) == T(0));
    CHECK_FALSE(std::signbit(abs(nz).value()));
    CHECK(abs(D::variable(T(-2), 0)).partial(0) == T(-1));
    CHECK(fabs(D::variable(T(3), 0)).partial(0) == T(1));
    // copysign(x, y): derivative sign(x) sign(y) in x, 0 at x = 0, 0 in y
    CHECK(copysign(pz, T(-1)).partial(0) == T(0));
    CHECK(copysign(D::variable(T(2), 0), T(-1)).partial(0) == T(-1));
    CHECK(copysign(D::variable(T(-2), 0), T(-1)).partial(0) == T(1));
    CHECK(copysign(T(2), D::variable(T(-1), 1)).partial(1) == T(0));
    // ties: min/max/fmin/fmax take the first argument's partials (the value std::max returns)
    const D a = D::variable(T(1), 0), b = D::variable(T(1), 1);
    CHECK(max(a, b).grad() == vec<T, 2>{1, 0});
    CHECK(min(a, b).grad() == vec<T, 2>{1, 0});
    CHECK(fmax(b, a).grad() == vec<T, 2>{0, 1});
    CHECK(fmin(b, a).grad() == vec<T, 2>{0, 1});
    CHECK(max(T(1), b).grad() == vec<T, 2>{0, 0});  // max(0, z) at z = 0: the constant wins
    CHECK(max(b, T(1)).grad() == vec<T, 2>{0, 1});
    // fmin/fmax: a NaN argument loses; min/max: like std::min/std::max
    const D n = D(std::numeric_limits<T>::quiet_NaN());
    CHECK(fmax(n, a).grad() == vec<T, 2>{1, 0});
    CHECK(fmin(a, n).grad() == vec<T, 2>{1, 0});
    CHECK(std::isnan(max(n, a).value()));
    // atan2 and hypot at the origin: value as <cmath>, zero partials
    const D y0 = D::variable(T(0), 0), x0 = D::variable(T(0), 1);
    CHECK(atan2(y0, x0).value() == std::atan2(T(0), T(0)));
    CHECK(atan2(y0, x0).grad() == vec<T, 2>{0, 0});
    CHECK(hypot(y0, x0).grad() == vec<T, 2>{0, 0});
    // fmod: d/da = 1, d/db = -trunc(a/b)
    const D fm = fmod(D::variable(T(7), 0), D::variable(T(2), 1));
    CHECK(fm.value() == T(1));
    CHECK(fm.grad() == vec<T, 2>{1, -3});
}

TEST_CASE_TEMPLATE("edge: pow at zero and for negative bases", T, float, double) {
    using D = dual<T, 2>;
    const T inf = std::numeric_limits<T>::infinity();
    const D x0 = D::variable(T(0), 0);
    CHECK(pow(x0, T(2)).value() == T(0));
    CHECK(pow(x0, T(2)).partial(0) == T(0));
    CHECK(pow(x0, T(1)).partial(0) == T(1));
    CHECK(pow(x0, T(0.5f)).partial(0) == inf);
    CHECK(pow(x0, T(0)).value() == T(1));  // x^0 = 1 is constant, also at 0
    CHECK(pow(x0, T(0)).partial(0) == T(0));
    // pow(0, y) in y: 0 for y > 0 (the limit of ln(a) a^y)
    const D y = D::variable(T(2), 1);
    CHECK(pow(T(0), y).value() == T(0));
    CHECK(pow(T(0), y).partial(1) == T(0));
    CHECK(pow(x0, y).grad() == vec<T, 2>{0, 0});
    // negative base, integer exponent: d/da = b a^(b-1); d/db is NaN (ln a), or 0 for a constant b
    const D xn = D::variable(T(-2), 0);
    CHECK(pow(xn, T(3)).value() == T(-8));
    CHECK(pow(xn, T(3)).partial(0) == T(12));
    const D both = pow(xn, D::variable(T(3), 1));
    CHECK(both.partial(0) == T(12));
    CHECK(std::isnan(both.partial(1)));
    CHECK(pow(xn, D(T(3))).partial(1) == T(0));
    // negative base, fractional exponent: NaN as <cmath>
    CHECK(std::isnan(pow(xn, T(0.5f)).value()));
}

TEST_CASE_TEMPLATE("edge: NaN and Inf inputs propagate", T, float, double) {
    using D = dual<T, 1>;
    const T inf = std::numeric_limits<T>::infinity();
    const T nan = std::numeric_limits<T>::quiet_NaN();
    const D n = D::variable(nan, 0);
    CHECK(std::isnan(sin(n).value()));
    CHECK(std::isnan(sin(n).partial(0)));
    CHECK(std::isnan((n * T(2)).value()));
    CHECK(std::isnan(exp(n).partial(0)));
    const D i = D::variable(inf, 0);
    CHECK(exp(i).value() == inf);
    CHECK(exp(i).partial(0) == inf);
    CHECK(exp(-i).value() == T(0));
    CHECK(exp(-i).partial(0) == T(0));
    CHECK(std::isnan(sin(i).value()));
    CHECK(atan(i).partial(0) == T(0));
    CHECK(tanh(i).partial(0) == T(0));
    // NaN partials propagate too, and do not touch the value
    const D np(T(1), tinydual::vec<T, 1>{nan});
    CHECK((np * T(2)).value() == T(2));
    CHECK(std::isnan(sqrt(np).partial(0)));
    CHECK(isnan(n));
    CHECK(isinf(i));
    CHECK_FALSE(isfinite(i));
}

TEST_CASE_TEMPLATE("math: three-argument hypot, its Hessian, extreme magnitudes and the origin", T, float, double) {
    using tinydual::hyper_dual;
    const vec<T, 3> p{T(0.5), T(-2), T(1.25)};
    const auto h = tinydual::hessian([](const auto& x) { return hypot(x[0], x[1], x[2]); }, p);
    const T f = std::sqrt(T(0.25 + 4 + 1.5625));
    TD_CHECK_CLOSE(h.value, f, tdtest::closed_form_tol<T>());
    for (std::size_t i = 0; i < 3; ++i) {
        TD_CHECK_CLOSE(h.gradient[i], p[i] / f, tdtest::closed_form_tol<T>());
        for (std::size_t j = 0; j < 3; ++j)
            TD_CHECK_CLOSE(h.hessian(i, j), ((i == j ? T(1) : T(0)) - p[i] * p[j] / (f * f)) / f,
                           T(4) * tdtest::closed_form_tol<T>());
    }
    // x = y = 0, z != 0: the Hessian is diag(1, 1, 0) / |z| (hypot(hypot(x, y), z) would give 0).
    const auto h0 = tinydual::hessian([](const auto& x) { return hypot(x[0], x[1], x[2]); }, vec<T, 3>{T(0), T(0), T(-2)});
    TD_CHECK_CLOSE(h0.hessian(0, 0), T(0.5), tdtest::closed_form_tol<T>());
    TD_CHECK_CLOSE(h0.hessian(1, 1), T(0.5), tdtest::closed_form_tol<T>());
    CHECK(h0.gradient[2] == T(-1));
    // No overflow or underflow: values near the largest and the smallest normal numbers.
    using d3 = dual<T, 3>;
    const T big = std::numeric_limits<T>::max() / T(4), small = std::numeric_limits<T>::min() * T(4);
    const d3 fb = hypot(d3::variable(big, 0), d3::variable(big, 1), d3(T(0)));
    TD_CHECK_CLOSE(fb.value(), big * std::sqrt(T(2)), tdtest::closed_form_tol<T>());
    TD_CHECK_CLOSE(fb.partial(0), std::sqrt(T(0.5)), tdtest::closed_form_tol<T>());
    const d3 fs = hypot(d3::variable(small, 0), d3(T(0)), d3::variable(small, 2));
    TD_CHECK_CLOSE(fs.partial(2), std::sqrt(T(0.5)), tdtest::closed_form_tol<T>());
    // Mixed plain and dual arguments; the origin: zero partials (safe_policy).
    const d3 m = hypot(T(3), d3::variable(T(4), 1), T(12));
    CHECK(m.value() == T(13));
    TD_CHECK_CLOSE(m.partial(1), T(4) / T(13), tdtest::closed_form_tol<T>());
    const d3 o = hypot(d3::variable(T(0), 0), d3::variable(T(0), 1), d3::variable(T(0), 2));
    CHECK(o.value() == T(0));
    for (std::size_t i = 0; i < 3; ++i) CHECK(o.partial(i) == T(0));
    CHECK(std::isinf(hypot(d3(std::numeric_limits<T>::infinity()), d3(T(1)), d3(T(1))).value()));
    CHECK(std::isnan(hypot(d3(std::numeric_limits<T>::quiet_NaN()), d3(T(1)), d3(T(1))).value()));
    static_assert(std::is_same<decltype(hypot(d3(T(1)), T(1), T(1))), d3>::value, "a dual, float stays float");
}
