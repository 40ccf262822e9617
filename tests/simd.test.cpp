// simd/storage.hpp: partials and element-wise kernels give the same numbers on both backends,
// for every N (padding included), and never expose the padding lanes.
#include "support/testing.hpp"

#include <string>

using tinydual::simd::partials;

TEST_CASE_TEMPLATE("partials: zero, unit, element access and padding", T, float, double) {
    auto check = [](auto n_tag) {
        constexpr std::size_t N = decltype(n_tag)::value;
        using P = partials<T, N>;
        static_assert(P::padded_size >= N && P::padded_size % P::width == 0, "padding to whole registers");
        static_assert(P::padded_size < 2 * N || N == 1 || P::width == 1 || P::padded_size <= 2 * tinydual::simd::bit_ceil(N),
                      "padding never more than a register");
        const P z = P::zero();
        CHECK(z.is_zero());
        for (std::size_t k = 0; k < P::padded_size; ++k) CHECK(z.data[k] == T(0));
        for (std::size_t i = 0; i < N; ++i) {
            const P u = P::unit(i);
            for (std::size_t k = 0; k < P::padded_size; ++k) CHECK(u.data[k] == (k == i ? T(1) : T(0)));
            CHECK_FALSE(u.is_zero());
        }
    };
    check(std::integral_constant<std::size_t, 1>{});
    check(std::integral_constant<std::size_t, 2>{});
    check(std::integral_constant<std::size_t, 3>{});
    check(std::integral_constant<std::size_t, 5>{});
    check(std::integral_constant<std::size_t, 8>{});
    check(std::integral_constant<std::size_t, 13>{});
    check(std::integral_constant<std::size_t, 32>{});
    check(std::integral_constant<std::size_t, 64>{});
}

TEST_CASE_TEMPLATE("partials: map computes element-wise, padding stays finite", T, float, double) {
    constexpr std::size_t N = 7;
    using P = partials<T, N>;
    P a = P::zero(), b = P::zero();
    for (std::size_t i = 0; i < N; ++i) {
        a[i] = T(static_cast<float>(i) + 1.5f);
        b[i] = T(2.0f - static_cast<float>(i));
    }
    const T s = T(3);
    const P r = tinydual::simd::map(
        [&s](const auto& x, const auto& y) {
            using X = std::decay_t<decltype(x)>;
            return tinydual::simd::madd(x, tinydual::simd::broadcast<X>(s), y) / tinydual::simd::broadcast<X>(T(2));
        },
        a, b);
    for (std::size_t i = 0; i < N; ++i) TD_CHECK_CLOSE(r[i], (a[i] * s + b[i]) / T(2), tdtest::eps<T>());
    for (std::size_t k = N; k < P::padded_size; ++k) CHECK(r.data[k] == T(0));
}

TEST_CASE("backend selection matches the build") {
#if TINYDUAL_BACKEND_PLAIN
    CHECK(std::string(tinydual::simd::backend_name()) == "plain");
    CHECK_FALSE(tinydual::simd::is_vectorized<double, 8>);
    CHECK_FALSE(tinydual::simd::is_vectorized<float, 8>);
#elif TINYDUAL_BACKEND_XSIMD
    CHECK(std::string(tinydual::simd::backend_name()) == "xsimd");
    CHECK(tinydual::simd::is_vectorized<float, 8>);
    // a register is never wider than the next power of two of N
    CHECK(tinydual::simd::layout<double, 2>::width <= 2);
    CHECK(tinydual::simd::layout<float, 3>::width <= 4);
#else
    CHECK(std::string(tinydual::simd::backend_name()) == "plain");
#endif
    // nested element types always use plain arrays
    CHECK(tinydual::simd::layout<tinydual::dual<double, 2>, 8>::width == 1);
}

// The SIMD kernels against the scalar kernel (the plain backend's code path) on the same data:
// + - * are exact in both; division and fused multiply-add may differ by at most 2 ulps (NEON
// divides by Newton iteration; fma rounds once).
TEST_CASE_TEMPLATE("transform: registers and scalars agree for every length", T, float, double) {
    tdtest::rng r(41);
    auto check = [&](auto n_tag) {
        constexpr std::size_t N = decltype(n_tag)::value;
        const auto a = r.vector<T, N>(-4, 4);
        const auto b = r.vector<T, N>(0.25, 4);
        const auto c = r.vector<T, N>(-4, 4);
        auto run = [&](auto f, T ulps) {
            T simd_out[N], scalar_out[N];
            tinydual::simd::transform<T, N>(simd_out, f, a.data(), b.data(), c.data());
            for (std::size_t i = 0; i < N; ++i) scalar_out[i] = f(a[i], b[i], c[i]);
            for (std::size_t i = 0; i < N; ++i) {
                INFO("N = " << N << ", i = " << i);
                TD_CHECK_CLOSE(simd_out[i], scalar_out[i], ulps * tdtest::eps<T>());
                if (ulps == T(0)) CHECK(simd_out[i] == scalar_out[i]);
            }
        };
        run([](const auto& x, const auto& y, const auto&) { return x + y; }, T(0));
        run([](const auto& x, const auto& y, const auto& z) { return x * y - z; }, T(2));
        run([](const auto& x, const auto& y, const auto&) { return x / y; }, T(2));
        run([](const auto& x, const auto& y, const auto& z) { return tinydual::simd::madd(x, y, z); }, T(2));
    };
    check(std::integral_constant<std::size_t, 1>{});
    check(std::integral_constant<std::size_t, 2>{});
    check(std::integral_constant<std::size_t, 3>{});
    check(std::integral_constant<std::size_t, 4>{});
    check(std::integral_constant<std::size_t, 5>{});
    check(std::integral_constant<std::size_t, 8>{});
    check(std::integral_constant<std::size_t, 11>{});
    check(std::integral_constant<std::size_t, 16>{});
    check(std::integral_constant<std::size_t, 19>{});
    check(std::integral_constant<std::size_t, 32>{});
}
