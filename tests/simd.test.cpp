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
