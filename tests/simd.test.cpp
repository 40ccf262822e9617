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
#elif TINYDUAL_BACKEND_MVE
    CHECK(std::string(tinydual::simd::backend_name()) == "mve");
    // Helium: float in 4-lane registers from N = 3 on, double always plain (no double lanes)
    CHECK(tinydual::simd::layout<float, 3>::width == 4);
    CHECK(tinydual::simd::layout<float, 16>::width == 4);
    CHECK(tinydual::simd::layout<float, 2>::width == 1);
    CHECK_FALSE(tinydual::simd::is_vectorized<double, 8>);
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

// ---- by-value arguments and the alignment the storage claims ----
// A partials (and so a dual, a hyper_dual, a vec) passed by value to a function that is not
// inlined lands where the ABI puts arguments: on 32-bit Arm an 8-byte aligned stack slot, which
// GCC then read with 16-byte aligned NEON loads when the storage claimed 16 (SIGBUS on ARMv7).
// Each call below is made at several stack depths (alloca of 1 to 4 words, which moves the slot
// by 8 bytes on Arm), and the callee checks the address of its argument against alignof, hidden
// from the optimizer, then computes with it on the SIMD path.
namespace {
#if defined(__clang__)
#  define TDTEST_OPAQUE __attribute__((noinline))
#elif defined(__GNUC__)
#  define TDTEST_OPAQUE __attribute__((noinline, noipa))
#else
#  define TDTEST_OPAQUE
#endif

// p % a == 0, with the address hidden from the optimizer (which would otherwise fold the test to
// true from the alignment the type claims: the very claim under test).
[[maybe_unused]] bool address_is_multiple(const void* p, std::size_t a) {
    auto address = reinterpret_cast<std::uintptr_t>(p);
#if defined(__GNUC__) || defined(__clang__)
    __asm__("" : "+r"(address));
#endif
    return address % a == 0;
}

template <class V>
TDTEST_OPAQUE V twice_by_value(V v, bool* aligned) {
    *aligned = address_is_multiple(&v, alignof(V));
    return v + v;
}
template <class P, class T>
TDTEST_OPAQUE P scaled_by_value(P g, T s, bool* aligned) {
    *aligned = address_is_multiple(&g, alignof(P)) &&
               address_is_multiple(g.data, alignof(P));
    return tinydual::simd::map([&s](const auto& x) { return x * tinydual::simd::broadcast<std::decay_t<decltype(x)>>(s); },
                               g);
}
// Calls f() with the stack moved down by about `words` 4-byte words first.
template <class F>
TDTEST_OPAQUE void at_stack_offset(std::size_t words, const F& f) {
#if defined(__GNUC__) || defined(__clang__)
    volatile unsigned char* pad = static_cast<volatile unsigned char*>(__builtin_alloca(4 * words));
    pad[0] = 0;
#endif
    f();
}
}  // namespace

TEST_CASE_TEMPLATE("partials: by-value arguments are as aligned as the storage claims", T, float, double) {
    INFO("backend " << tinydual::simd::backend_name());
    auto check_partials = [](auto n_tag) {
        constexpr std::size_t N = decltype(n_tag)::value;
        using P = partials<T, N>;
        static_assert(alignof(P) == tinydual::simd::layout<T, N>::alignment, "partials aligned as its layout says");
        P g = P::zero();
        for (std::size_t i = 0; i < N; ++i) g[i] = T(static_cast<float>(i) - 2.5f);
        for (std::size_t words = 1; words <= 4; ++words) {
            INFO("N = " << N << ", stack offset " << words << " words");
            bool aligned = false;
            P r = P::zero();
            at_stack_offset(words, [&] { r = scaled_by_value(g, T(3), &aligned); });
            CHECK(aligned);
            for (std::size_t i = 0; i < N; ++i) CHECK(r[i] == g[i] * T(3));
        }
    };
    check_partials(std::integral_constant<std::size_t, 3>{});
    check_partials(std::integral_constant<std::size_t, 4>{});
    check_partials(std::integral_constant<std::size_t, 6>{});
    check_partials(std::integral_constant<std::size_t, 8>{});
    check_partials(std::integral_constant<std::size_t, 16>{});

    // the number types built on partials, through their own arithmetic
    auto check_number = [](auto x) {
        using V = decltype(x);
        for (std::size_t words = 1; words <= 4; ++words) {
            INFO("stack offset " << words << " words");
            bool aligned = false;
            V r = x;
            at_stack_offset(words, [&] { r = twice_by_value(x, &aligned); });
            CHECK(aligned);
            CHECK(r.value() == T(2) * x.value());
            for (std::size_t i = 0; i < V::dimension; ++i) CHECK(r.partial(i) == T(2) * x.partial(i));
        }
    };
    check_number(tinydual::dual<T, 4>::variable(T(1.5f), 2));
    check_number(tinydual::dual<T, 6>::variable(T(-0.5f), 5));
    check_number(tinydual::hyper_dual<T, 3>::variable(T(2), 1) * tinydual::hyper_dual<T, 3>::variable(T(3), 2));
}

// simd/plain.hpp, simd/xsimd.hpp: the primitives every backend provides, on the chosen backend's
// registers (or single elements on the plain one), against the element-wise formula.
TEST_CASE_TEMPLATE("backend primitives: load, store, madd, zero_where_zero on the chosen registers", T, float, double) {
    namespace simd = tinydual::simd;
    using L = simd::layout<T, 8>;
    using B = typename L::batch;
    alignas(64) T a[8], b[8], c[8], out[8];
    for (std::size_t i = 0; i < 8; ++i) {
        a[i] = i % 3 == 0 ? T(0) : T(static_cast<float>(i) - 3.5f);
        b[i] = T(static_cast<float>(i) * 0.25f + 1.0f);
        c[i] = T(2) - T(static_cast<float>(i));
    }
    for (std::size_t i = 0; i < 8; i += L::width) {
        const B x = simd::backend::load<B, true>(a + i), y = simd::backend::load<B, false>(b + i),
                z = simd::backend::load<B, true>(c + i);
        simd::backend::store<true>(out + i, simd::madd(x, y, z));
    }
    for (std::size_t i = 0; i < 8; ++i) CHECK(tdtest::close(out[i], a[i] * b[i] + c[i], tdtest::closed_form_tol<T>()));
    for (std::size_t i = 0; i < 8; i += L::width)
        simd::backend::store<false>(out + i, simd::zero_where_zero(simd::backend::load<B, true>(a + i),
                                                                  simd::broadcast<B>(std::numeric_limits<T>::infinity())));
    for (std::size_t i = 0; i < 8; ++i) {
        if (a[i] == T(0))
            CHECK(out[i] == T(0));
        else
            CHECK(out[i] == std::numeric_limits<T>::infinity());
    }
    CHECK(std::string(simd::backend_name()) == (TINYDUAL_BACKEND_MVE ? "mve" : TINYDUAL_BACKEND_XSIMD ? "xsimd" : "plain"));
}

// The operators kernels and vec's element-wise code apply to a register: with a register, with a
// scalar on either side, negation, and all_zero (a NaN lane is not zero). Division within 2 ulps
// (NEON divides by Newton iteration; Helium lane by lane with the FPU, exactly).
TEST_CASE_TEMPLATE("backend primitives: register operators and all_zero", T, float, double) {
    namespace simd = tinydual::simd;
    using L = simd::layout<T, 8>;
    using B = typename L::batch;
    alignas(64) T a[8], b[8], out[8];
    for (std::size_t i = 0; i < 8; ++i) {
        a[i] = T(static_cast<float>(i) * 0.75f - 2.5f);
        b[i] = T(static_cast<float>(i) * 0.5f + 0.25f);
    }
    const T s = T(1.25f);
    auto check = [&](const char* what, auto op, auto expected) {
        INFO(what);
        for (std::size_t i = 0; i < 8; i += L::width)
            simd::backend::store<true>(out + i, op(simd::backend::load<B, true>(a + i), simd::backend::load<B, true>(b + i)));
        for (std::size_t i = 0; i < 8; ++i) CHECK(tdtest::close(out[i], expected(a[i], b[i]), 2 * tdtest::eps<T>()));
    };
    check("x + y", [](const auto& x, const auto& y) { return x + y; }, [](T x, T y) { return x + y; });
    check("x - y", [](const auto& x, const auto& y) { return x - y; }, [](T x, T y) { return x - y; });
    check("x * y", [](const auto& x, const auto& y) { return x * y; }, [](T x, T y) { return x * y; });
    check("x / y", [](const auto& x, const auto& y) { return x / y; }, [](T x, T y) { return x / y; });
    check("-x", [](const auto& x, const auto&) { return -x; }, [](T x, T) { return -x; });
    check("x + s", [&](const auto& x, const auto&) { return x + s; }, [&](T x, T) { return x + s; });
    check("s - x", [&](const auto& x, const auto&) { return s - x; }, [&](T x, T) { return s - x; });
    check("x - s", [&](const auto& x, const auto&) { return x - s; }, [&](T x, T) { return x - s; });
    check("s * x", [&](const auto& x, const auto&) { return s * x; }, [&](T x, T) { return s * x; });
    check("x * s", [&](const auto& x, const auto&) { return x * s; }, [&](T x, T) { return x * s; });
    check("s / y", [&](const auto&, const auto& y) { return s / y; }, [&](T, T y) { return s / y; });
    check("x / s", [&](const auto& x, const auto&) { return x / s; }, [&](T x, T) { return x / s; });
    check("s + x", [&](const auto& x, const auto&) { return s + x; }, [&](T x, T) { return s + x; });

    alignas(64) T z[8] = {};
    CHECK(simd::all_zero(simd::backend::load<B, true>(z)));
    for (std::size_t lane = 0; lane < L::width; ++lane) {
        for (const T v : {T(1), -std::numeric_limits<T>::min(), std::numeric_limits<T>::quiet_NaN()}) {
            z[lane] = v;
            CHECK_FALSE(simd::all_zero(simd::backend::load<B, true>(z)));
        }
        z[lane] = -T(0);
        CHECK(simd::all_zero(simd::backend::load<B, true>(z)));
        z[lane] = T(0);
    }
}
