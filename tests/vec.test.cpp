// vec.hpp: aggregate initialisation, element-wise arithmetic with vectors and scalars, and the
// same results on the SIMD and plain paths for sizes that do and do not fill whole registers.
#include "support/testing.hpp"

#include <type_traits>

using tinydual::vec;

static_assert(std::is_trivially_copyable<vec<float, 3>>::value, "vec is a value type");
static_assert(std::is_aggregate<vec<double, 3>>::value, "vec is an aggregate");
static_assert(sizeof(vec<float, 3>) == 3 * sizeof(float), "vec has no padding of its own");
static_assert(vec<double, 3>{1, 2, 3}.size() == 3, "size()");
static_assert(vec<double, 3>{1, 2, 3}[2] == 3.0, "constexpr element access");

TEST_CASE_TEMPLATE("vec: element-wise arithmetic over sizes 1..17", T, float, double) {
    tdtest::rng r(7);
    auto check = [&](auto n_tag) {
        constexpr std::size_t N = decltype(n_tag)::value;
        const auto a = r.vector<T, N>(-2, 2);
        auto b = r.vector<T, N>(0.5, 3);
        const T s = T(1.75f);
        const auto sum = a + b, diff = a - b, prod = a * b, quot = a / b;
        const auto sl = s * a, sr = a * s, ds = a / s, sd = s / b, ps = a + s, ms = s - a;
        const auto neg = -a;
        for (std::size_t i = 0; i < N; ++i) {
            CHECK(sum[i] == a[i] + b[i]);
            CHECK(diff[i] == a[i] - b[i]);
            CHECK(prod[i] == a[i] * b[i]);
            TD_CHECK_CLOSE(quot[i], a[i] / b[i], 2 * tdtest::eps<T>());  // SIMD division may differ by an ulp
            CHECK(sl[i] == s * a[i]);
            CHECK(sr[i] == a[i] * s);
            TD_CHECK_CLOSE(ds[i], a[i] / s, 2 * tdtest::eps<T>());
            TD_CHECK_CLOSE(sd[i], s / b[i], 2 * tdtest::eps<T>());
            CHECK(ps[i] == a[i] + s);
            CHECK(ms[i] == s - a[i]);
            CHECK(neg[i] == -a[i]);
        }
        auto c = a;
        c += b;
        c *= s;
        c -= a;
        // a compound expression: the compiler may fuse a multiply-add on either side
        for (std::size_t i = 0; i < N; ++i) TD_CHECK_CLOSE(c[i], (a[i] + b[i]) * s - a[i], 4 * tdtest::eps<T>());
        CHECK(a == a);
        CHECK(a != a + T(1));
    };
    check(std::integral_constant<std::size_t, 1>{});
    check(std::integral_constant<std::size_t, 2>{});
    check(std::integral_constant<std::size_t, 3>{});
    check(std::integral_constant<std::size_t, 4>{});
    check(std::integral_constant<std::size_t, 7>{});
    check(std::integral_constant<std::size_t, 8>{});
    check(std::integral_constant<std::size_t, 17>{});
}

TEST_CASE_TEMPLATE("vec: holds duals, mixed with plain values", T, float, double) {
    using D = tinydual::dual<T, 2>;
    vec<D, 2> x{D::variable(T(2), 0), D::variable(T(3), 1)};
    const auto y = x * T(2) + T(1);     // plain scalar carries no partials
    const auto z = x * x;               // element-wise
    const auto w = vec<T, 2>{T(1), T(-1)} * x;  // mixed element types
    CHECK(y[0].value() == T(5));
    CHECK(y[0].partial(0) == T(2));
    CHECK(y[1].partial(1) == T(2));
    CHECK(z[1].value() == T(9));
    CHECK(z[1].partial(1) == T(6));
    CHECK(w[1].partial(1) == T(-1));
}

TEST_CASE("vec: filled, zero, iteration") {
    const auto v = vec<float, 5>::filled(2.5f);
    float s = 0;
    for (float x : v) s += x;
    CHECK(s == 12.5f);
    CHECK(vec<double, 4>::zero() == vec<double, 4>{0, 0, 0, 0});
    vec<double, 3> partial{1};  // aggregate: missing elements are zero
    CHECK(partial[2] == 0.0);
}

// Constant expressions: element-wise arithmetic, on every backend (its SIMD kernels run element
// by element when the compiler evaluates them; N = 17 spans registers and a tail everywhere).
namespace {
template <class T>
constexpr vec<T, 17> vec_mix(const vec<T, 17>& a, const vec<T, 17>& b) {
    vec<T, 17> r = a + T(2) * b - a * b / T(2) + (-a) + b * T(3) - T(1) / (b + T(1));
    r += a;
    r -= b;
    r *= T(2);
    r /= T(4);
    return +r;
}
template <class T>
constexpr vec<T, 17> iota17(T start) {
    vec<T, 17> v{};
    for (std::size_t i = 0; i < 17; ++i) v[i] = start + T(i);
    return v;
}
template <class T>
constexpr bool vec_mix_is_exact() {
    const auto r = vec_mix(iota17<T>(1), iota17<T>(0));
    // a = i + 1, b = i: r = (2b - ab/2 + 3b - 1/(b + 1) + a - b) / 2; at i = 0: (-1 + 1) / 2 = 0,
    // at i = 3: (6 - 6 + 9 - 1/4 + 4 - 3) / 2 = 4.875
    return r[0] == T(0) && r[3] == T(4.875) && tinydual::dot(iota17<T>(0), iota17<T>(1)) == T(1632) &&
           tinydual::sum(iota17<T>(0)) == T(136) && (iota17<T>(0) != iota17<T>(1));
}
static_assert(vec_mix_is_exact<float>(), "vec<float, 17> arithmetic in a constant expression");
static_assert(vec_mix_is_exact<double>(), "vec<double, 17> arithmetic in a constant expression");
}  // namespace

TEST_CASE_TEMPLATE("vec: constant evaluation equals run-time evaluation", T, float, double) {
    volatile T one = 1, zero = 0;  // run time: nothing folded
    constexpr auto rc = vec_mix(iota17<T>(1), iota17<T>(0));
    const auto r = vec_mix(iota17<T>(T(one)), iota17<T>(T(zero)));
    CHECK(r == rc);
    CHECK(rc[3] == T(4.875));
}
