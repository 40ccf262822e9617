// lanes.hpp: lanes and lane masks, and every math function of a batched dual lane by lane against
// the one-point dual at the same point (random points and the policy table's edge points, both
// policies). Plain lanes and TINYDUAL_LANES_LIBM compute each lane with the one-point formulas
// and <cmath>: equal exactly. xsimd's vectorized functions: within lanes_tol below.
#include "support/testing.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include <tinydual/batch.hpp>

using tinydual::dual;
using tinydual::lanes;
using tinydual::vec;

namespace {

constexpr bool exact_lanes = !tinydual::lanes_vectorized_math;

/// Batched against one-point results: exact where each lane runs the one-point formulas;
/// with xsimd's vectorized math (a few ulps from <cmath>), relative to the largest of 1 and the
/// two values. Measured worst over this file's points (SSE2, AVX2, AVX-512): 1.8 eps in double,
/// 1.4 eps in float.
template <class T>
T lanes_tol() {
    return exact_lanes ? T(0) : T(16) * std::numeric_limits<T>::epsilon();
}

template <class T>
bool matches(T batched, T one) {
    if (exact_lanes) return (std::isnan(batched) && std::isnan(one)) || batched == one;
    return tdtest::close(batched, one, lanes_tol<T>());
}

/// The policy table's edge points and a spread of ordinary ones.
template <class T>
std::array<T, 32> points() {
    const T inf = std::numeric_limits<T>::infinity();
    std::array<T, 32> p{{T(0), -T(0), T(1), T(-1), T(0.5), T(-0.5), T(2), T(-3), T(1e-20f), T(30), T(-30), T(100),
                         inf, -inf, std::numeric_limits<T>::quiet_NaN(), T(1e6f)}};
    tdtest::rng r(5);
    for (std::size_t k = 16; k < p.size(); ++k) p[k] = static_cast<T>(r.uniform(-4, 4));
    // double's exp in its subnormal results and near overflow, where xsimd's double exp gives 0
    // and inf: the lanes take <cmath> there (each among ordinary points, for every width)
    p[18] = T(-720);
    p[25] = T(709.5f);
    return p;
}

#define TD_EXPECT_LANE(batched, one)                                                                       \
    CHECK_MESSAGE(matches(batched, one), #batched " = " << static_cast<double>(batched) << ", one-point "  \
                                                         << static_cast<double>(one))

/// f at every point: a batched dual with seeds (1, 0) (the second partial is zero-seeded: under
/// the safe policy it stays zero) against the one-point dual, lane by lane.
template <class T, class Tag, class F>
void check_unary(const char* name, F f) {
    INFO("function " << std::string(name) << (std::is_same<Tag, tinydual::ieee_policy>::value ? " (ieee)" : " (safe)"));
    constexpr std::size_t K = tinydual::batch::default_lanes<T>;
    using L = lanes<T, K>;
    using DK = dual<L, 2, Tag>;
    using D1 = dual<T, 2, Tag>;
    const auto p = points<T>();
    for (std::size_t first = 0; first < p.size(); first += K) {
        L x;
        for (std::size_t k = 0; k < K; ++k) x[k] = p[(first + k) % p.size()];
        const DK y = f(DK(x, vec<L, 2>{{L(T(1)), L(T(0))}}));
        for (std::size_t k = 0; k < K; ++k) {
            INFO("at x = " << static_cast<double>(x[k]));
            const D1 y1 = f(D1(x[k], vec<T, 2>{{T(1), T(0)}}));
            TD_EXPECT_LANE(y.value()[k], y1.value());
            TD_EXPECT_LANE(y.partial(0)[k], y1.partial(0));
            TD_EXPECT_LANE(y.partial(1)[k], y1.partial(1));
        }
    }
}

/// f(a, b) with both numbers seeded ((1, 0) and (0, 1)), and with either one a plain value.
template <class T, class Tag, class F>
void check_binary(const char* name, F f) {
    INFO("function " << std::string(name) << (std::is_same<Tag, tinydual::ieee_policy>::value ? " (ieee)" : " (safe)"));
    constexpr std::size_t K = tinydual::batch::default_lanes<T>;
    using L = lanes<T, K>;
    using DK = dual<L, 2, Tag>;
    using D1 = dual<T, 2, Tag>;
    const auto p = points<T>();
    const std::size_t n = p.size() * p.size();
    for (std::size_t first = 0; first < n; first += K) {
        L a, b;
        for (std::size_t k = 0; k < K; ++k) {
            a[k] = p[(first + k) % n / p.size()];
            b[k] = p[(first + k) % p.size()];
        }
        const DK da(a, vec<L, 2>{{L(T(1)), L(T(0))}}), db(b, vec<L, 2>{{L(T(0)), L(T(1))}});
        const DK y = f(da, db), ya = f(da, b), yb = f(a, db);
        for (std::size_t k = 0; k < K; ++k) {
            INFO("at (" << static_cast<double>(a[k]) << ", " << static_cast<double>(b[k]) << ")");
            const D1 da1(a[k], vec<T, 2>{{T(1), T(0)}}), db1(b[k], vec<T, 2>{{T(0), T(1)}});
            const D1 y1 = f(da1, db1), ya1 = f(da1, b[k]), yb1 = f(a[k], db1);
            for (const auto& pair : {std::pair<const DK*, const D1*>{&y, &y1}, {&ya, &ya1}, {&yb, &yb1}}) {
                const DK& batched = *pair.first;
                const D1& one = *pair.second;
                TD_EXPECT_LANE(batched.value()[k], one.value());
                TD_EXPECT_LANE(batched.partial(0)[k], one.partial(0));
                TD_EXPECT_LANE(batched.partial(1)[k], one.partial(1));
            }
        }
    }
}

#define TD_UNARY(name) [](const auto& x) { using std::name; return name(x); }
#define TD_BINARY(name) [](const auto& x, const auto& y) { using std::name; return name(x, y); }

template <class T, class Tag>
void check_every_function() {
    check_unary<T, Tag>("abs", TD_UNARY(abs));
    check_unary<T, Tag>("fabs", TD_UNARY(fabs));
    check_unary<T, Tag>("sqrt", TD_UNARY(sqrt));
    check_unary<T, Tag>("cbrt", TD_UNARY(cbrt));
    check_unary<T, Tag>("exp", TD_UNARY(exp));
    check_unary<T, Tag>("exp2", TD_UNARY(exp2));
    check_unary<T, Tag>("expm1", TD_UNARY(expm1));
    check_unary<T, Tag>("log", TD_UNARY(log));
    check_unary<T, Tag>("log2", TD_UNARY(log2));
    check_unary<T, Tag>("log10", TD_UNARY(log10));
    check_unary<T, Tag>("log1p", TD_UNARY(log1p));
    check_unary<T, Tag>("sin", TD_UNARY(sin));
    check_unary<T, Tag>("cos", TD_UNARY(cos));
    check_unary<T, Tag>("tan", TD_UNARY(tan));
    check_unary<T, Tag>("asin", TD_UNARY(asin));
    check_unary<T, Tag>("acos", TD_UNARY(acos));
    check_unary<T, Tag>("atan", TD_UNARY(atan));
    check_unary<T, Tag>("sinh", TD_UNARY(sinh));
    check_unary<T, Tag>("cosh", TD_UNARY(cosh));
    check_unary<T, Tag>("tanh", TD_UNARY(tanh));
    check_unary<T, Tag>("asinh", TD_UNARY(asinh));
    check_unary<T, Tag>("acosh", TD_UNARY(acosh));
    check_unary<T, Tag>("atanh", TD_UNARY(atanh));
    check_unary<T, Tag>("erf", TD_UNARY(erf));
    check_unary<T, Tag>("erfc", TD_UNARY(erfc));
    check_unary<T, Tag>("floor", TD_UNARY(floor));
    check_unary<T, Tag>("ceil", TD_UNARY(ceil));
    check_unary<T, Tag>("round", TD_UNARY(round));
    check_unary<T, Tag>("trunc", TD_UNARY(trunc));
    check_unary<T, Tag>("x * x - 1 / x", [](const auto& x) { return x * x - T(1) / x; });
    check_binary<T, Tag>("pow", TD_BINARY(pow));
    check_binary<T, Tag>("atan2", TD_BINARY(atan2));
    check_binary<T, Tag>("hypot", TD_BINARY(hypot));
    check_binary<T, Tag>("copysign", TD_BINARY(copysign));
    check_binary<T, Tag>("fmod", TD_BINARY(fmod));
    check_binary<T, Tag>("max", TD_BINARY(max));
    check_binary<T, Tag>("min", TD_BINARY(min));
    check_binary<T, Tag>("fmax", TD_BINARY(fmax));
    check_binary<T, Tag>("fmin", TD_BINARY(fmin));
    check_binary<T, Tag>("a * b + a / b - b", [](const auto& a, const auto& b) { return a * b + a / b - b; });
    check_binary<T, Tag>("fma(a, b, a)", [](const auto& a, const auto& b) { using std::fma; return fma(a, b, a); });
    check_binary<T, Tag>("hypot(a, b, a)", [](const auto& a, const auto& b) { return tinydual::hypot(a, b, a * T(0.5)); });
    check_binary<T, Tag>("select(a < b, a, b)", [](const auto& a, const auto& b) { return tinydual::select(a < b, a * b, b); });
}

}  // namespace

TEST_CASE("lanes: arithmetic, comparisons and select, lane by lane") {
    using L = lanes<double, 4>;
    const double xs[4] = {1, -2, 3, 0}, ys[4] = {2, 2, -1, 0};
    const L x = L::load(xs), y = L::load(ys);
    const L s = x * y + x / (y + 1.0) - 2.0;
    const auto m = x < y;
    const L c = tinydual::select(m, x, y);
    for (std::size_t k = 0; k < 4; ++k) {
        CHECK(s[k] == xs[k] * ys[k] + xs[k] / (ys[k] + 1.0) - 2.0);
        CHECK(m[k] == (xs[k] < ys[k]));
        CHECK(c[k] == (xs[k] < ys[k] ? xs[k] : ys[k]));
        CHECK((!m)[k] == !(xs[k] < ys[k]));
        CHECK((m && x > 0.0)[k] == (xs[k] < ys[k] && xs[k] > 0.0));
        CHECK((m || x == y)[k] == (xs[k] < ys[k] || xs[k] == ys[k]));
    }
    CHECK(any(m));
    CHECK_FALSE(all(m));
    CHECK(all(x == x));
    CHECK(none(x != x));
    CHECK(all(tinydual::lane_mask<double, 4>(true)));
    CHECK(none(tinydual::lane_mask<double, 4>(false)));
    CHECK(all(isnan(L(std::numeric_limits<double>::quiet_NaN()))));
    CHECK(none(isfinite(L(std::numeric_limits<double>::infinity()))));
    CHECK(all(signbit(L(-0.0))));
    CHECK(std::numeric_limits<L>::epsilon()[3] == std::numeric_limits<double>::epsilon());
}

TEST_CASE("lanes: every math function of a batched dual equals the one-point dual, lane by lane") {
    check_every_function<double, void>();
    check_every_function<double, tinydual::ieee_policy>();
    check_every_function<float, void>();
    check_every_function<float, tinydual::ieee_policy>();
}

TEST_CASE("lanes: a lane's results do not depend on what the other lanes hold") {
    // The safe policy guards a zero partial where a factor is not finite, lane by lane as each
    // one-point number does, whatever the other lanes hold (found by the fuzzer: with a NaN in
    // another lane, exp(exp(exp(log x1))) at x1 = 0 gave 0 for H(0, 1), the one-point NaN).
    using L = lanes<float, 4>;
    const float x0s[4] = {0.875f, -8.0f, 1.5f, 0.0f}, x1s[4] = {0.0f, -8.0f, 1.3125f, 0.0f};
    const auto f = [](const auto& a, const auto& b) { return exp(exp(exp(log(b)))) + a * sqrt(b) + pow(a, b); };
    const auto same = [](float x, float y) { return (std::isnan(x) && std::isnan(y)) || x == y; };
    {
        using HB = tinydual::hyper_dual<L, 2>;
        using H1 = tinydual::hyper_dual<float, 2>;
        const HB y = f(HB::variable(L::load(x0s), 0), HB::variable(L::load(x1s), 1));
        for (std::size_t k = 0; k < 4; ++k) {
            INFO("lane " << k);
            const H1 y1 = f(H1::variable(x0s[k], 0), H1::variable(x1s[k], 1));
            CHECK(same(y.value()[k], y1.value()));
            for (std::size_t i = 0; i < 2; ++i) {
                CHECK(same(y.partial(i)[k], y1.partial(i)));
                for (std::size_t j = 0; j < 2; ++j) CHECK(same(y.second_partial(i, j)[k], y1.second_partial(i, j)));
            }
        }
    }
    {
        using DB = dual<L, 2>;
        using D1 = dual<float, 2>;
        const DB y = f(DB::variable(L::load(x0s), 0), DB::variable(L::load(x1s), 1));
        for (std::size_t k = 0; k < 4; ++k) {
            INFO("lane " << k);
            const D1 y1 = f(D1::variable(x0s[k], 0), D1::variable(x1s[k], 1));
            for (std::size_t i = 0; i < 2; ++i) CHECK(same(y.partial(i)[k], y1.partial(i)));
        }
    }
}
