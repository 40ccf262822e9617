// policy.hpp: every row of the README's "Edge behaviour" table, under safe_policy (the default)
// and ieee_policy, for dual<T, 3> and hyper_dual<T, 3>: the value, the three first partials and
// the six independent second partials.
//
// Set-up: a is the variable of lane 0, b that of lane 1, and lane 2 carries no seed (it stands
// for every direction the expression does not depend on: a constant, an inactive branch). A
// one-argument row differentiates f(a), so lanes 1 and 2 both have zero incoming partials.
// Expected values are derived by hand from the policy's rules (policy.hpp), not read off the
// library: safe gives 0 in the zero lanes and the conventional derivative at kinks, ieee evaluates
// the textbook formula (0 * inf = NaN, 0/0 = NaN). Finite values are compared within 4 ulps of
// T (they are libm values: asin(1), acos(-1)); partials exactly, NaN matching NaN and infinities
// matching by sign. The same rows pass on both storage backends (this file is in both suites).
#include "support/testing.hpp"

#include <cmath>
#include <cstddef>
#include <limits>

namespace {

using tinydual::dual;
using tinydual::hyper_dual;

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr double pi = 3.14159265358979323846;

struct expected {
    double value;
    double d[3];  // da, db, d(no seed)
    double h[6];  // H00 H01 H02 H11 H12 H22
};
struct row {
    const char* what;
    double a, b;
    expected safe, ieee;
};

// Patterns of the rows whose derivative is infinite at the point (f(a) with f' = d, f'' = dd):
// safe keeps the zero lanes at zero; ieee multiplies inf by the zero seeds: NaN.
constexpr expected safe_unary(double v, double d, double dd) { return {v, {d, 0, 0}, {dd, 0, 0, 0, 0, 0}}; }
constexpr expected ieee_unary_infinite(double v, double d) { return {v, {d, NaN, NaN}, {NaN, NaN, NaN, NaN, NaN, NaN}}; }
constexpr expected all_nan(double v) { return {v, {NaN, NaN, NaN}, {NaN, NaN, NaN, NaN, NaN, NaN}}; }
constexpr expected zero(double v) { return {v, {0, 0, 0}, {0, 0, 0, 0, 0, 0}}; }

// clang-format off
const row rows[] = {
    // infinite derivatives: +-inf in the seeded lane under both policies
    {"sqrt(a) at a = 0",          0, 0, safe_unary(0, inf, -inf),     ieee_unary_infinite(0, inf)},
    {"cbrt(a) at a = 0",          0, 0, safe_unary(0, inf, -inf),     ieee_unary_infinite(0, inf)},
    {"log(a) at a = 0",           0, 0, safe_unary(-inf, inf, -inf),  ieee_unary_infinite(-inf, inf)},
    {"asin(a) at a = 1",          1, 0, safe_unary(pi / 2, inf, inf), ieee_unary_infinite(pi / 2, inf)},
    {"asin(a) at a = -1",        -1, 0, safe_unary(-pi / 2, inf, -inf), ieee_unary_infinite(-pi / 2, inf)},
    {"acos(a) at a = 1",          1, 0, safe_unary(0, -inf, -inf),    ieee_unary_infinite(0, -inf)},
    {"acos(a) at a = -1",        -1, 0, safe_unary(pi, -inf, inf),    ieee_unary_infinite(pi, -inf)},
    {"pow(a, 0.5) at a = 0",      0, 0, safe_unary(0, inf, -inf),     ieee_unary_infinite(0, inf)},
    // outside the domain: NaN value, NaN partials in the seeded lane
    {"log(a) at a = -1",         -1, 0, safe_unary(NaN, NaN, NaN),    all_nan(NaN)},
    {"fmod(a, 0) at a = 1",       1, 0, safe_unary(NaN, NaN, NaN),    all_nan(NaN)},
    {"pow(-2, b) at b = 3",       3, 0, safe_unary(-8, NaN, NaN),     all_nan(-8)},
    // kinks: a conventional derivative (safe) or none (ieee)
    {"abs(a) at a = 0",           0, 0, zero(0),                      all_nan(0)},
    {"copysign(a, 1) at a = 0",   0, 0, zero(0),                      all_nan(0)},
    {"atan2(a, b) at the origin", 0, 0, zero(0),                      all_nan(0)},
    {"hypot(a, b) at the origin", 0, 0, zero(0),                      all_nan(0)},
    // pow at a zero base and for a negative base with an integer exponent
    {"pow(a, b) at (0, 2)",       0, 2, {0, {0, 0, 0}, {2, 0, 0, 0, 0, 0}}, all_nan(0)},
    {"pow(a, 0) at a = 0",        0, 0, zero(1),                      all_nan(1)},
    {"pow(0, b) at b = 2",        2, 0, zero(0),                      all_nan(0)},
    {"pow(a, 3) at a = -2",      -2, 0, safe_unary(-8, 12, -12),      safe_unary(-8, 12, -12)},
    {"pow(a, b) at (-2, 3)",     -2, 3, {-8, {12, NaN, 0}, {-12, NaN, 0, NaN, 0, 0}}, all_nan(-8)},
    // zero derivative everywhere, at and between the jumps
    {"floor(a) at a = 2",         2, 0, zero(2),                      zero(2)},
    {"ceil(a) at a = 2",          2, 0, zero(2),                      zero(2)},
    {"round(a) at a = 2.5",     2.5, 0, zero(3),                      zero(3)},
    {"trunc(a) at a = -2.5",   -2.5, 0, zero(-2),                     zero(-2)},
    // fmod(a, b) = a - trunc(a / b) b: at a jump (a = 4, b = 2) the quotient a / b is taken
    {"fmod(a, b) at (5.5, 2)",  5.5, 2, {1.5, {1, -2, 0}, {0, 0, 0, 0, 0, 0}}, {1.5, {1, -2, 0}, {0, 0, 0, 0, 0, 0}}},
    {"fmod(a, b) at (4, 2)",      4, 2, {0, {1, -2, 0}, {0, 0, 0, 0, 0, 0}},   {0, {1, -2, 0}, {0, 0, 0, 0, 0, 0}}},
    // ties: the first argument, as std::max/std::min return it; fmax/fmin prefer a number to NaN
    {"max(a, b) at a tie",        1, 1, safe_unary(1, 1, 0),          safe_unary(1, 1, 0)},
    {"min(a, b) at a tie",        1, 1, safe_unary(1, 1, 0),          safe_unary(1, 1, 0)},
    {"fmax(a, b) at a tie",       1, 1, safe_unary(1, 1, 0),          safe_unary(1, 1, 0)},
    {"fmin(a, b) at a tie",       1, 1, safe_unary(1, 1, 0),          safe_unary(1, 1, 0)},
    {"fmax(a, b) at (NaN, 1)",  NaN, 1, {1, {0, 1, 0}, {0, 0, 0, 0, 0, 0}}, {1, {0, 1, 0}, {0, 0, 0, 0, 0, 0}}},
};
// clang-format on

template <class D>
D evaluate(std::size_t k, const D& a, const D& b) {
    using T = typename D::value_type;
    switch (k) {
        case 0: return sqrt(a);
        case 1: return cbrt(a);
        case 2: case 8: return log(a);
        case 3: case 4: return asin(a);
        case 5: case 6: return acos(a);
        case 7: return pow(a, T(0.5));
        case 9: return fmod(a, T(0));
        case 10: return pow(T(-2), a);
        case 11: return abs(a);
        case 12: return copysign(a, T(1));
        case 13: return atan2(a, b);
        case 14: return hypot(a, b);
        case 15: case 19: return pow(a, b);
        case 16: return pow(a, T(0));
        case 17: return pow(T(0), a);
        case 18: return pow(a, T(3));
        case 20: return floor(a);
        case 21: return ceil(a);
        case 22: return round(a);
        case 23: return trunc(a);
        case 24: case 25: return fmod(a, b);
        case 26: return max(a, b);
        case 27: return min(a, b);
        case 28: return fmax(a, b);
        case 29: return fmin(a, b);
        case 30: return fmax(a, b);
        default: return D(T(0));
    }
}
constexpr std::size_t row_count = sizeof(rows) / sizeof(rows[0]);

template <class T>
bool matches(T got, double want, bool approx = false) {
    if (std::isnan(want)) return std::isnan(got);
    if (std::isinf(want)) return got == static_cast<T>(want);
    if (!approx) return got == static_cast<T>(want);
    const T w = static_cast<T>(want);
    const T scale = std::abs(w) > T(1) ? std::abs(w) : T(1);
    return std::abs(got - w) <= T(4) * std::numeric_limits<T>::epsilon() * scale;
}

template <class T, class Policy>
void check_rows(const char* policy) {
    using D = dual<T, 3, Policy>;
    using H = hyper_dual<T, 3, Policy>;
    for (std::size_t k = 0; k < row_count; ++k) {
        const row& r = rows[k];
        const expected& e = std::is_same<Policy, tinydual::ieee_policy>::value ? r.ieee : r.safe;
        INFO(policy << ": " << r.what);
        const T a0 = static_cast<T>(r.a), b0 = static_cast<T>(r.b);
        const D y = evaluate(k, D::variable(a0, 0), D::variable(b0, 1));
        const H z = evaluate(k, H::variable(a0, 0), H::variable(b0, 1));
        CHECK(matches(y.value(), e.value, true));
        CHECK(matches(z.value(), e.value, true));
        for (std::size_t i = 0; i < 3; ++i) {
            INFO("first partial " << i << ": dual " << static_cast<double>(y.partial(i)) << ", hyper_dual "
                                  << static_cast<double>(z.grad()[i]) << ", expected " << e.d[i]);
            CHECK(matches(y.partial(i), e.d[i]));
            CHECK(matches(z.grad()[i], e.d[i]));
        }
        const auto Hm = z.hess();
        const std::size_t pi_[6] = {0, 0, 0, 1, 1, 2}, pj_[6] = {0, 1, 2, 1, 2, 2};
        for (std::size_t p = 0; p < 6; ++p) {
            INFO("second partial (" << pi_[p] << ", " << pj_[p] << "): " << static_cast<double>(Hm(pi_[p], pj_[p]))
                                    << ", expected " << e.h[p]);
            CHECK(matches(Hm(pi_[p], pj_[p]), e.h[p]));
            CHECK(matches(Hm(pj_[p], pi_[p]), e.h[p]));
        }
    }
}

}  // namespace

TEST_CASE_TEMPLATE("policy: every row of the edge-behaviour table, safe_policy and ieee_policy", T, float, double) {
    check_rows<T, tinydual::safe_policy>("safe_policy");
    check_rows<T, tinydual::ieee_policy>("ieee_policy");
}

TEST_CASE_TEMPLATE("policy: the default is safe_policy; drivers take a policy per call", T, float, double) {
    static_assert(std::is_same<typename dual<T, 2>::policy_type, tinydual::safe_policy>::value, "default policy");
    static_assert(std::is_same<typename hyper_dual<T, 2>::policy_type, tinydual::safe_policy>::value, "default policy");
    // f(x) = sqrt(x0) + x1 at x0 = 0: the partial along x1 is 1 under both; along x0 it is +inf.
    // In g(x) = x1 + 0 * sqrt(x0) ... the interesting case is a constant inside sqrt:
    // h(x) = x0 * sqrt(c) with c = 0 promoted to the dual type: safe 0, ieee NaN in lane 1.
    const auto f = [](const auto& x) {
        using E = std::decay_t<decltype(x[0])>;
        return x[0] + sqrt(E(x[1].value()) * T(0));  // sqrt of a constant zero: no partials
    };
    const tinydual::vec<T, 2> p{T(2), T(3)};
    const auto safe = tinydual::gradient(f, p);
    const auto ieee = tinydual::gradient(f, p, tinydual::ieee);
    CHECK(safe.gradient[0] == T(1));
    CHECK(safe.gradient[1] == T(0));
    CHECK(std::isnan(ieee.gradient[0]));
    CHECK(std::isnan(ieee.gradient[1]));
    const auto sh = tinydual::hessian(f, p);
    const auto ih = tinydual::hessian(f, p, tinydual::ieee);
    CHECK(sh.hessian(0, 0) == T(0));
    CHECK(std::isnan(ih.hessian(0, 0)));
    const auto sj = tinydual::jacobian([&f](const auto& x) { return tinydual::vec<std::decay_t<decltype(x[0])>, 1>{f(x)}; },
                                       p, tinydual::ieee);
    CHECK(std::isnan(sj.jacobian(0, 1)));
    CHECK(std::isnan(tinydual::derivative([](auto t) { return sqrt(decltype(t)(t.value()) * T(0)) + t; }, T(1),
                                          tinydual::ieee)
                         .derivative));
    CHECK(tinydual::derivative([](auto t) { return sqrt(decltype(t)(t.value()) * T(0)) + t; }, T(1)).derivative == T(1));
    // a function with a fixed signature names the policy in its argument type
    const auto fixed = [](const tinydual::gradient_input_t<tinydual::vec<T, 2>, tinydual::ieee_policy>& x) {
        return abs(x[0] - x[1]);
    };
    const auto g = tinydual::gradient(fixed, tinydual::vec<T, 2>{T(1), T(1)}, tinydual::ieee);
    CHECK(std::isnan(g.gradient[0]));
    CHECK(tinydual::gradient([](const auto& x) { return abs(x[0] - x[1]); }, tinydual::vec<T, 2>{T(1), T(1)}).gradient[0] ==
          T(0));
}

TEST_CASE_TEMPLATE("policy: every driver takes one, for every kind of point", T, float, double) {
    using tinydual::mat;
    using tinydual::vec;
    // abs at 0: the derivative does not exist; safe_policy gives 0, ieee_policy NaN (policy table),
    // which ieee_policy also multiplies into the other lanes (NaN * 0 = NaN)
    const mat<T, 2, 2> X{{T(0), T(2)}, {T(3), T(4)}};
    const auto fm = [](const auto& A) { return abs(A(0, 0)) + A(1, 1); };
    CHECK(tinydual::gradient(fm, X).gradient(0, 0) == T(0));
    CHECK(std::isnan(tinydual::gradient(fm, X, tinydual::ieee).gradient(0, 0)));
    CHECK(tinydual::gradient(fm, X).gradient(1, 1) == T(1));
    CHECK(std::isnan(tinydual::gradient(fm, X, tinydual::ieee).gradient(1, 1)));
    const auto jm = tinydual::jacobian(fm, X, tinydual::row_stacking, tinydual::ieee);
    CHECK(std::isnan(jm.jacobian(0, 0)));
    CHECK(tinydual::jacobian(fm, X, tinydual::row_stacking).jacobian(0, 3) == T(1));

    const auto fa = [](const auto& a, const auto& v) { return abs(a) * v[0] + v[1]; };
    const auto pa = tinydual::args(T(0), vec<T, 2>{T(5), T(6)});
    CHECK(std::get<0>(tinydual::gradient(fa, pa).gradient) == T(0));
    CHECK(std::isnan(std::get<0>(tinydual::gradient(fa, pa, tinydual::ieee).gradient)));
    CHECK(std::get<1>(tinydual::gradient(fa, pa).gradient)[1] == T(1));
    CHECK(std::isnan(std::get<0>(tinydual::jacobian(fa, pa, tinydual::ieee, tinydual::denominator_layout).jacobian)(0, 0)));
    CHECK(std::get<0>(tinydual::jacobian(fa, pa).jacobian)(0, 0) == T(0));

    const auto fv = [](const auto& x) { return abs(x[0]) * x[1]; };
    const vec<T, 2> p{T(0), T(2)};
    CHECK(tinydual::hvp(fv, p, vec<T, 2>{T(1), T(0)})[1] == T(0));
    CHECK(std::isnan(tinydual::hvp(fv, p, vec<T, 2>{T(1), T(0)}, tinydual::ieee)[1]));
    CHECK(tinydual::second_directional(fv, p, vec<T, 2>{T(1), T(0)}, vec<T, 2>{T(0), T(1)}) == T(0));
    CHECK(std::isnan(tinydual::second_directional(fv, p, vec<T, 2>{T(1), T(0)}, vec<T, 2>{T(0), T(1)}, tinydual::ieee)));
    const auto fe = [](const auto& x) { return abs(x); };
    CHECK(tinydual::elementwise_jacobian(fe, p).jacobian.diagonal[0] == T(0));
    CHECK(std::isnan(tinydual::elementwise_jacobian(fe, p, tinydual::ieee).jacobian.diagonal[0]));
    CHECK(tinydual::elementwise_jacobian(fe, p, tinydual::ieee).jacobian.diagonal[1] == T(1));
    // tinydual::safe names the default explicitly
    CHECK(tinydual::gradient(fm, X, tinydual::safe).gradient(0, 0) == T(0));
}

namespace {
constexpr bool two_passes = TINYDUAL_SAFE_TWO_PASSES;
// Every row of the table through the drivers. A generic f runs under the default policy in two
// passes (detail/driver.hpp): ieee_policy numbers first, and the safe rules again only where a
// derivative came out +-inf or NaN. The results must be the table's safe column, as one pass with
// the safe rules gives them (a function with a fixed signature).
template <class T>
void check_rows_through_drivers() {
    using X = tinydual::vec<T, 3>;
    for (std::size_t k = 0; k < row_count; ++k) {
        const row& r = rows[k];
        const expected& e = r.safe;
        INFO("drivers: " << r.what);
        const X x{static_cast<T>(r.a), static_cast<T>(r.b), T(0)};
        int calls = 0;
        std::size_t ieee_calls = 0;
        const auto generic = [&](const auto& v) {
            using D = std::decay_t<decltype(v[0])>;
            ++calls;
            if (tinydual::detail::ieee_rules<D>()) ++ieee_calls;
            return evaluate(k, v[0], v[1]);
        };
        const auto fixed_g = [k](const tinydual::gradient_input_t<X>& v) { return evaluate(k, v[0], v[1]); };
        const auto fixed_h = [k](const tinydual::hessian_input_t<X>& v) { return evaluate(k, v[0], v[1]); };
        const auto g = tinydual::gradient(generic, x);
        const int gradient_calls = calls;
        const auto g1 = tinydual::gradient(fixed_g, x);
        calls = 0;
        const auto h = tinydual::hessian(generic, x);
        const int hessian_calls = calls;
        const auto h1 = tinydual::hessian(fixed_h, x);
        CHECK(matches(g.value, e.value, true));
        CHECK(matches(h.value, e.value, true));
        bool finite = true;
        for (std::size_t i = 0; i < 3; ++i) {
            INFO("first partial " << i << ": gradient " << static_cast<double>(g.gradient[i]) << ", hessian driver "
                                  << static_cast<double>(h.gradient[i]) << ", expected " << e.d[i]);
            CHECK(matches(g.gradient[i], e.d[i]));
            CHECK(matches(g1.gradient[i], e.d[i]));
            CHECK(matches(h.gradient[i], e.d[i]));
            CHECK(matches(h1.gradient[i], e.d[i]));
            finite = finite && std::isfinite(e.d[i]);
        }
        const std::size_t pi_[6] = {0, 0, 0, 1, 1, 2}, pj_[6] = {0, 1, 2, 1, 2, 2};
        bool finite2 = finite;
        for (std::size_t p = 0; p < 6; ++p) {
            INFO("second partial (" << pi_[p] << ", " << pj_[p] << "): " << static_cast<double>(h.hessian(pi_[p], pj_[p]))
                                    << ", expected " << e.h[p]);
            CHECK(matches(h.hessian(pi_[p], pj_[p]), e.h[p]));
            CHECK(matches(h1.hessian(pi_[p], pj_[p]), e.h[p]));
            finite2 = finite2 && std::isfinite(e.h[p]);
        }
        // One pass where the ieee rules already gave finite derivatives, two where they did not
        // (rows whose ieee column has a NaN or an infinity); the first pass has ieee numbers.
        bool ieee_finite = true, ieee_finite2 = true;
        for (std::size_t i = 0; i < 3; ++i) ieee_finite = ieee_finite && std::isfinite(r.ieee.d[i]);
        for (std::size_t p = 0; p < 6; ++p) ieee_finite2 = ieee_finite2 && std::isfinite(r.ieee.h[p]);
        // (One pass with the safe rules where TINYDUAL_SAFE_TWO_PASSES is 0: plain arrays.)
        CHECK(gradient_calls == (two_passes && !ieee_finite ? 2 : 1));
        CHECK(hessian_calls == (two_passes && !(ieee_finite && ieee_finite2) ? 2 : 1));
        CHECK(ieee_calls == (two_passes ? 2 : 0));  // the first pass of each driver
        (void)finite2;
    }
}
}  // namespace

TEST_CASE_TEMPLATE("policy: the default's two passes give the table's safe column through every driver", T, float,
                   double) {
    check_rows_through_drivers<T>();
    // A point where everything is finite: one pass, with ieee numbers; explicit ieee: one pass.
    int calls = 0;
    const auto f = [&calls](const auto& x) {
        ++calls;
        return x[0] * sqrt(x[1]);
    };
    const tinydual::vec<T, 2> p{T(2), T(4)};
    CHECK(tinydual::gradient(f, p).gradient[1] == T(0.5));
    CHECK(calls == 1);
    CHECK(tinydual::gradient(f, p, tinydual::safe).gradient[0] == T(2));
    CHECK(calls == 2);
    calls = 1;
    CHECK(tinydual::jacobian(f, p, tinydual::ieee).jacobian(0, 0) == T(2));
    CHECK(calls == 2);
    // sqrt at 0 with a seed: an infinite partial is the answer under both rules; the second pass
    // confirms it and keeps the unseeded lane's zero (ieee would make it NaN).
    const tinydual::vec<T, 2> q{T(0), T(0)};
    calls = 0;
    const auto g = tinydual::gradient([&calls](const auto& x) {
        ++calls;
        return sqrt(x[0]) + x[1] * x[1];
    }, q);
    CHECK(calls == (two_passes ? 2 : 1));
    CHECK(std::isinf(g.gradient[0]));
    CHECK(g.gradient[1] == T(0));
    // hvp and second_directional (nested numbers) and elementwise_jacobian take the same path
    calls = 0;
    const auto fv = [&calls](const auto& x) {
        ++calls;
        return abs(x[0]) * x[1];
    };
    CHECK(tinydual::hvp(fv, q, tinydual::vec<T, 2>{T(1), T(0)})[1] == T(0));
    CHECK(calls == (two_passes ? 2 : 1));
    calls = 0;
    CHECK(tinydual::hvp(fv, p, tinydual::vec<T, 2>{T(1), T(0)})[1] == T(1));
    CHECK(tinydual::second_directional(fv, p, tinydual::vec<T, 2>{T(1), T(0)}, tinydual::vec<T, 2>{T(0), T(1)}) == T(1));
    CHECK(calls == 2);
    CHECK(tinydual::second_directional(fv, q, tinydual::vec<T, 2>{T(1), T(0)}, tinydual::vec<T, 2>{T(0), T(1)}) == T(0));
    CHECK(calls == (two_passes ? 4 : 3));
    const auto fe = [&calls](const auto& x) {
        ++calls;
        return abs(x);
    };
    calls = 0;
    CHECK(tinydual::elementwise_jacobian(fe, q).jacobian.diagonal[0] == T(0));
    CHECK(calls == (two_passes ? 2 : 1));
}

TEST_CASE("policy: the two policies agree wherever ieee_policy's derivative is finite: pow whose value underflows") {
    // x^y with x = 4.3e-235, y = 1.41: the value underflows to 0, its derivatives do not all:
    // d2/dxdy = x^(y-1) (1 + y ln x) is about -1e-94 (found by the fuzzer's check 7, where the safe
    // rule gave 0 and the ieee one, and so the default's first pass, the finite value).
    using H = hyper_dual<double, 2>;
    using I = hyper_dual<double, 2, tinydual::ieee_policy>;
    const double x = 4.3247267063850157e-235, y = 1.4142135623730951;
    const H s = pow(H::variable(x, 0), H::variable(y, 1));
    const I i = pow(I::variable(x, 0), I::variable(y, 1));
    CHECK(s.value() == 0.0);
    const long double want = std::pow(static_cast<long double>(x), static_cast<long double>(y) - 1) *
                             (1 + static_cast<long double>(y) * std::log(static_cast<long double>(x)));
    CHECK(i.second_partial(0, 1) != 0.0);
    CHECK(std::abs(static_cast<long double>(s.second_partial(0, 1)) - want) <= 1e-12L * std::abs(want));
    for (std::size_t a = 0; a < 2; ++a) {
        CHECK(s.partial(a) == i.partial(a));
        for (std::size_t b = 0; b < 2; ++b) CHECK(s.second_partial(a, b) == i.second_partial(a, b));
    }
}

TEST_CASE_TEMPLATE("policy: a nested factor whose value is finite and whose derivative is not keeps zero partials zero", T,
                   float, double) {
    // sqrt(x1) * T(2) as Jet code writes it (the constant lifted), at x1 = 0, with nested duals:
    // the outer partial along x0 is zero, and the product multiplies it by sqrt(x1) = (0, inf).
    // y does not depend on x0, so d2y/dx0dx1 = 0; ieee_policy gives 0 * inf = NaN.
    using I = tinydual::dual<T, 2>;
    using O = tinydual::dual<I, 2>;
    const O x1 = O::variable(I::variable(T(0), 1), 1);
    const O y = sqrt(x1) * O(I(T(2)));
    CHECK(y.partial(0).value() == T(0));
    CHECK(y.partial(0).partial(1) == T(0));
    CHECK(std::isinf(y.partial(1).value()));
    using Ie = tinydual::dual<T, 2, tinydual::ieee_policy>;
    using Oe = tinydual::dual<Ie, 2, tinydual::ieee_policy>;
    const Oe e = sqrt(Oe::variable(Ie::variable(T(0), 1), 1)) * Oe(Ie(T(2)));
    CHECK(std::isnan(e.partial(0).partial(1)));
    // the same through hvp (nested duals) and the chunked Hessian: H e0 = (0, 0)
    const auto f = [](const auto& x) {
        using S = std::decay_t<decltype(x[0])>;
        return sqrt(x[1]) * S(T(2)) + x[0];
    };
    const tinydual::vec<T, 2> p{T(1), T(0)}, v{T(1), T(0)};
    const auto hv = tinydual::hvp(f, p, v);
    CHECK(hv[0] == T(0));
    CHECK(hv[1] == T(0));
    const auto h = tinydual::hessian(f, p, tinydual::chunk<1>);
    CHECK(h.hessian(0, 1) == T(0));
    CHECK(h.hessian(1, 0) == T(0));
}
