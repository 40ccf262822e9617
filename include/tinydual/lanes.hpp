// tinydual/lanes.hpp: lanes<T, K>, K values of T computed together (one per SIMD lane), and
// lane_mask<T, K>, what comparing them gives: the element type of batched numbers.
//
//   using L = tinydual::lanes<double, 4>;
//   L x = L::load(xs);                            // four points' x, from an array
//   L y = select(x > 0.0, sqrt(x), L(0.0));       // lane by lane; `if (x > 0.0)` does not compile
//   double y2 = y[2];
//
// dual<lanes<T, K>, N> is K points' values and N partials each, structure of arrays: partial i
// of all K points is one register (batch.hpp's drivers make them). Arithmetic, comparisons and
// every <cmath> function of api.md work lane by lane. With xsimd the registers are xsimd
// batches and the transcendental functions xsimd's vectorized ones (their accuracy: the README's
// accuracy table), unless TINYDUAL_LANES_LIBM is 1: then every lane calls <cmath>, which gives
// the one-point results exactly. Without xsimd (Cortex-M, Helium, TINYDUAL_BACKEND_PLAIN) the
// lanes are plain arrays and every function is <cmath>'s, lane by lane.
// K is a power of two; batch::default_lanes<T> is one register of the widest SIMD unit.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>
#include <utility>

#include "config.hpp"
#include "detail/traits.hpp"
#include "limits.hpp"
#include "simd/storage.hpp"

#ifndef TINYDUAL_LANES_LIBM
#  define TINYDUAL_LANES_LIBM 0
#endif

#if defined(__GNUC__)
#  pragma GCC diagnostic push
#  pragma GCC diagnostic ignored "-Wignored-attributes"
#endif

namespace tinydual {
namespace simd {
// Lanes are xsimd registers where xsimd has them, except 32-bit Arm: its NEON flushes
// subnormal numbers to zero, which the one-point numbers (VFP) do not.
#if TINYDUAL_BACKEND_XSIMD && !(defined(__arm__) && !defined(__aarch64__))
#  define TINYDUAL_DETAIL_LANE_REGISTERS 1
namespace lane_backend = xsimd_backend;
#else
#  define TINYDUAL_DETAIL_LANE_REGISTERS 0
namespace lane_backend = plain_backend;
#endif

namespace detail {
/// A lane mask's register in the lanes' own type: all-ones lanes (SSE, AVX) or nonzero lanes
/// where true, zero lanes where false; mask_from_bits reads it back.
template <class T, std::enable_if_t<std::is_floating_point<T>::value, int> = 0>
TINYDUAL_INLINE bool mask_from_bits(T x) {
    return x != T(0);
}
template <class T, std::enable_if_t<std::is_floating_point<T>::value, int> = 0>
TINYDUAL_INLINE T blend(bool m, T a, T b) {
    return m ? a : b;
}
TINYDUAL_INLINE bool any_lane(bool m) { return m; }
#if TINYDUAL_BACKEND_XSIMD
template <class T, class A>
constexpr bool same_mask_register =
    std::is_same<typename xsimd::batch_bool<T, A>::register_type, typename xsimd::batch<T, A>::register_type>::value;
template <class T, class A>
TINYDUAL_INLINE xsimd::batch<T, A> mask_to_bits(const xsimd::batch_bool<T, A>& m) {
    using B = xsimd::batch<T, A>;
    if constexpr (same_mask_register<T, A>)
        return B(static_cast<typename B::register_type>(m));
    else
        return xsimd::select(m, B(T(1)), B(T(0)));
}
template <class T, class A>
TINYDUAL_INLINE xsimd::batch_bool<T, A> mask_from_bits(const xsimd::batch<T, A>& x) {
    if constexpr (same_mask_register<T, A>)
        return xsimd::batch_bool<T, A>(static_cast<typename xsimd::batch<T, A>::register_type>(x));
    else
        return x != xsimd::batch<T, A>(T(0));
}
template <class T, class A>
TINYDUAL_INLINE bool any_lane(const xsimd::batch_bool<T, A>& m) {
    return xsimd::any(m);
}
template <class T, class A>
TINYDUAL_INLINE xsimd::batch<T, A> blend(const xsimd::batch_bool<T, A>& m, const xsimd::batch<T, A>& a,
                                         const xsimd::batch<T, A>& b) {
    return xsimd::select(m, a, b);
}
#endif

/// The register X (a batch or one value) of mask m: from a comparison's batch_bool or bool.
template <class X, class M>
TINYDUAL_INLINE X to_bits(const M& m) {
    if constexpr (std::is_same<M, bool>::value)
        return m ? X(1) : X(0);
    else
        return mask_to_bits(m);
}
template <class T, std::size_t K, std::size_t... I>
TINYDUAL_INLINE void lane_fill(T* out, const T& x, std::index_sequence<I...>) {
    using L = lane_backend::layout<T, K>;
    using B = typename L::batch;
    const B b(x);
    (lane_backend::store<L::aligned_access>(out + I * L::width, b), ...);
}

/// a / b and sqrt(a), correctly rounded as IEEE (and <cmath>) define them: xsimd 8.1 computes
/// float division and square root on NEON from reciprocal estimates (inexact, and -inf for
/// 1 / a subnormal number), so on AArch64 the instructions are called directly.
template <class X>
TINYDUAL_INLINE X lane_div(const X& a, const X& b) {
    return a / b;
}
template <class X>
TINYDUAL_INLINE X lane_sqrt(const X& a) {
    using std::sqrt;
    return sqrt(a);
}
#if TINYDUAL_DETAIL_LANE_REGISTERS && defined(__aarch64__)
template <class A>
TINYDUAL_INLINE xsimd::batch<float, A> lane_div(const xsimd::batch<float, A>& a, const xsimd::batch<float, A>& b) {
    return xsimd::batch<float, A>(vdivq_f32(a, b));
}
template <class A>
TINYDUAL_INLINE xsimd::batch<float, A> lane_sqrt(const xsimd::batch<float, A>& a) {
    return xsimd::batch<float, A>(vsqrtq_f32(a));
}
#endif

/// out[k] = f(in[k]...) for k < K, one register at a time (straight-line code).
template <class T, std::size_t K, class F, class... In>
TINYDUAL_INLINE void lane_register(std::size_t i, T* out, F& f, const In*... in) {
    using L = lane_backend::layout<T, K>;
    using B = typename L::batch;
    lane_backend::store<L::aligned_access>(out + i, f(lane_backend::load<B, L::aligned_access>(in + i)...));
}
template <class T, std::size_t K, class F, std::size_t... I, class... In>
TINYDUAL_INLINE void lane_registers(T* out, F& f, std::index_sequence<I...>, const In*... in) {
    (lane_register<T, K>(I * lane_backend::layout<T, K>::width, out, f, in...), ...);
}
template <class T, std::size_t K, class F, class... In>
TINYDUAL_INLINE void lane_transform(T* out, F&& f, const In*... in) {
    lane_registers<T, K>(out, f, std::make_index_sequence<K / lane_backend::layout<T, K>::width>{}, in...);
}
}  // namespace detail
}  // namespace simd

template <class T, std::size_t K>
struct lane_mask;

/// True where lanes compute the transcendental functions with xsimd's vectorized code (a few
/// ulps from <cmath>); false where every lane calls <cmath> (the one-point results exactly).
constexpr bool lanes_vectorized_math = TINYDUAL_DETAIL_LANE_REGISTERS && !TINYDUAL_LANES_LIBM;

namespace detail {
/// True where lanes of T take xsimd's transcendental functions.
template <class T>
constexpr bool vector_math = lanes_vectorized_math;
/// True where lanes of T take xsimd's floor, ceil, trunc and round: not double on x86 without
/// SSE4.1, where xsimd converts each lane to a 64-bit integer in C++ (undefined for inf and NaN,
/// and +0 for trunc(-0.5)).
template <class T>
constexpr bool vector_rounding = lanes_vectorized_math
#if (defined(__x86_64__) || defined(__i386__) || defined(_M_X64)) && !defined(__SSE4_1__)
                                 && !std::is_same<T, double>::value
#endif
    ;
/// True where xsimd's exp, exp2, expm1, sinh, cosh and tanh of T are taken only when every lane
/// is in the function's range [lo, hi] (below), each lane's <cmath> otherwise (NaN too): for
/// double, xsimd converts the reduced argument to a 64-bit integer in C++, undefined for inf and
/// NaN lanes, and flushes exp's subnormal results to 0 and its last half-unit below the
/// overflow threshold to inf.
template <class T>
constexpr bool ranged_vector_math = std::is_same<T, double>::value;
}  // namespace detail

/// K values of T, one per lane (see the top of this file).
template <class T, std::size_t K>
struct lanes {
    static_assert(std::is_floating_point<T>::value, "tinydual: lanes<T, K> holds float or double values");
    static_assert(K >= 1 && (K & (K - 1)) == 0, "tinydual: lanes<T, K> needs K a power of two (1, 2, 4, 8, 16, ...)");
    using value_type = T;
    using mask_type = lane_mask<T, K>;
    using layout_type = simd::lane_backend::layout<T, K>;
    static constexpr std::size_t size() noexcept { return K; }

    alignas(layout_type::alignment) T data[K];

    /// Uninitialised like a double.
    lanes() = default;
    /// x in every lane.
    TINYDUAL_INLINE constexpr lanes(const T& x) : data{} {
        if (tinydual::detail::is_constant_evaluated()) {
            for (std::size_t k = 0; k < K; ++k) data[k] = x;
        } else {
            simd::detail::lane_fill<T, K>(data, x, std::make_index_sequence<K / layout_type::width>{});
        }
    }
    /// Lane k from p[k] (K values).
    TINYDUAL_INLINE static lanes load(const T* p) {
        lanes r;
        for (std::size_t k = 0; k < K; ++k) r.data[k] = p[k];
        return r;
    }
    TINYDUAL_INLINE constexpr const T& operator[](std::size_t k) const {
        TINYDUAL_ASSERT(k < K);
        return data[k];
    }
    TINYDUAL_INLINE constexpr T& operator[](std::size_t k) {
        TINYDUAL_ASSERT(k < K);
        return data[k];
    }

    /// r[k] = f(a[k], ...) with f called on whole registers (or single values).
    template <class F, class... More>
    TINYDUAL_INLINE static lanes map(F&& f, const lanes& a, const More&... more) {
        lanes r;
        simd::detail::lane_transform<T, K>(r.data, f, a.data, more.data...);
        return r;
    }
    /// r[k] = f(a[k], ...) with f called on single values (a <cmath> function, lane by lane).
    template <class F, class... More>
    TINYDUAL_INLINE static lanes each(F&& f, const lanes& a, const More&... more) {
        lanes r;
        for (std::size_t k = 0; k < K; ++k) r.data[k] = f(a.data[k], more.data[k]...);
        return r;
    }
    /// each(f, a) out of line (the rare lanes of a vectorized function).
    template <class F>
    TINYDUAL_COLD static lanes each_out_of_line(F f, lanes a) {
        return each(f, a);
    }

    // ---- arithmetic, lane by lane (a plain T converts to all lanes) ----
    friend TINYDUAL_INLINE lanes operator+(const lanes& a) { return a; }
    friend TINYDUAL_INLINE lanes operator-(const lanes& a) {
        return map([](const auto& x) TINYDUAL_KERNEL { return -x; }, a);
    }
#define TINYDUAL_LANE_OPERATOR(op)                                                                   \
    friend TINYDUAL_INLINE lanes operator op(const lanes& a, const lanes& b) {                      \
        return map([](const auto& x, const auto& y) TINYDUAL_KERNEL { return x op y; }, a, b);      \
    }                                                                                                \
    TINYDUAL_INLINE lanes& operator op##=(const lanes& b) { return *this = *this op b; }
    TINYDUAL_LANE_OPERATOR(+)
    TINYDUAL_LANE_OPERATOR(-)
    TINYDUAL_LANE_OPERATOR(*)
#undef TINYDUAL_LANE_OPERATOR
    friend TINYDUAL_INLINE lanes operator/(const lanes& a, const lanes& b) {
        return map([](const auto& x, const auto& y) TINYDUAL_KERNEL { return simd::detail::lane_div(x, y); }, a, b);
    }
    TINYDUAL_INLINE lanes& operator/=(const lanes& b) { return *this = *this / b; }

    // ---- comparisons: one answer per lane ----
#define TINYDUAL_LANE_COMPARISON(op)                                                                 \
    friend TINYDUAL_INLINE mask_type operator op(const lanes& a, const lanes& b) {                  \
        return mask_type::map([](const auto& x, const auto& y) TINYDUAL_KERNEL { return x op y; }, a, b); \
    }
    TINYDUAL_LANE_COMPARISON(==)
    // true where either is NaN, as IEEE says (xsimd's != is an ordered comparison)
    friend TINYDUAL_INLINE mask_type operator!=(const lanes& a, const lanes& b) { return !(a == b); }
    TINYDUAL_LANE_COMPARISON(<)
    TINYDUAL_LANE_COMPARISON(<=)
    TINYDUAL_LANE_COMPARISON(>)
    TINYDUAL_LANE_COMPARISON(>=)
#undef TINYDUAL_LANE_COMPARISON

    // ---- <cmath>, lane by lane: vectorized (xsimd) or each lane's <cmath> call ----
#define TINYDUAL_LANE_MATH_IF(name, vectorized)                                                      \
    friend TINYDUAL_INLINE lanes name(const lanes& a) {                                             \
        if constexpr (vectorized)                                                                    \
            return map([](const auto& x) TINYDUAL_KERNEL { using std::name; return name(x); }, a);  \
        else                                                                                         \
            return each([](const T& x) { using std::name; return name(x); }, a);                    \
    }
#define TINYDUAL_LANE_MATH(name) TINYDUAL_LANE_MATH_IF(name, detail::vector_math<T>)
#define TINYDUAL_LANE_ROUNDING(name) TINYDUAL_LANE_MATH_IF(name, detail::vector_rounding<T>)
// TINYDUAL_LANE_MATH, where detail::ranged_vector_math<T> only when every lane is in [lo, hi]
// (else <cmath> per lane, out of line)
#define TINYDUAL_LANE_MATH_RANGED(name, lo, hi)                                                      \
    friend TINYDUAL_INLINE lanes name(const lanes& a) {                                             \
        const auto libm = [](const T& x) { using std::name; return name(x); };                      \
        if constexpr (!detail::vector_math<T>) {                                                     \
            return each(libm, a);                                                                    \
        } else {                                                                                     \
            if (!detail::ranged_vector_math<T> ||                                                    \
                TINYDUAL_LIKELY(all(a >= lanes(T(lo)) && a <= lanes(T(hi)))))                        \
                return map([](const auto& x) TINYDUAL_KERNEL { using std::name; return name(x); }, a); \
            return each_out_of_line(libm, a);                                                        \
        }                                                                                            \
    }
#define TINYDUAL_LANE_LIBM(name)                                                                     \
    friend TINYDUAL_INLINE lanes name(const lanes& a) {                                             \
        return each([](const T& x) { using std::name; return name(x); }, a);                        \
    }
#define TINYDUAL_LANE_LIBM2(name)                                                                    \
    friend TINYDUAL_INLINE lanes name(const lanes& a, const lanes& b) {                             \
        return each([](const T& x, const T& y) { using std::name; return name(x, y); }, a, b);      \
    }
    // exact in IEEE arithmetic: always in registers
    friend TINYDUAL_INLINE lanes sqrt(const lanes& a) {
        return map([](const auto& x) TINYDUAL_KERNEL { return simd::detail::lane_sqrt(x); }, a);
    }
    friend TINYDUAL_INLINE lanes abs(const lanes& a) {
        return map([](const auto& x) TINYDUAL_KERNEL { using std::abs; return abs(x); }, a);
    }
    friend TINYDUAL_INLINE lanes fabs(const lanes& a) { return abs(a); }
    TINYDUAL_LANE_ROUNDING(floor)
    TINYDUAL_LANE_ROUNDING(ceil)
    TINYDUAL_LANE_ROUNDING(trunc)
    TINYDUAL_LANE_ROUNDING(round)
    friend TINYDUAL_INLINE lanes copysign(const lanes& a, const lanes& b) {  // bit operations: exact
        return map([](const auto& x, const auto& y) TINYDUAL_KERNEL { using std::copysign; return copysign(x, y); }, a, b);
    }
    // transcendental
    TINYDUAL_LANE_MATH_RANGED(exp, -708, 709)
    TINYDUAL_LANE_MATH_RANGED(exp2, -1022, 1023)
    TINYDUAL_LANE_MATH_RANGED(expm1, -708, 709)
    TINYDUAL_LANE_MATH(log)
    TINYDUAL_LANE_MATH(log2)
    TINYDUAL_LANE_MATH(log10)
    TINYDUAL_LANE_MATH(log1p)
    TINYDUAL_LANE_MATH(sin)
    TINYDUAL_LANE_MATH(cos)
    TINYDUAL_LANE_MATH(tan)
    TINYDUAL_LANE_MATH(asin)
    TINYDUAL_LANE_MATH(acos)
    TINYDUAL_LANE_MATH(atan)
    TINYDUAL_LANE_MATH_RANGED(sinh, -709, 709)
    TINYDUAL_LANE_MATH_RANGED(cosh, -709, 709)
    TINYDUAL_LANE_MATH_RANGED(tanh, -354, 354)
    TINYDUAL_LANE_MATH(asinh)
    TINYDUAL_LANE_MATH(acosh)
    TINYDUAL_LANE_MATH(atanh)
    TINYDUAL_LANE_MATH(cbrt)
    // special values and rounding of these differ between xsimd and <cmath> (atan2 at the origin,
    // hypot(inf, NaN), ...): <cmath>, lane by lane
    TINYDUAL_LANE_LIBM2(atan2)
    TINYDUAL_LANE_LIBM2(hypot)
    TINYDUAL_LANE_LIBM(erf)
    TINYDUAL_LANE_LIBM(erfc)
    TINYDUAL_LANE_LIBM2(pow)
    TINYDUAL_LANE_LIBM2(fmod)
#undef TINYDUAL_LANE_MATH
#undef TINYDUAL_LANE_MATH_IF
#undef TINYDUAL_LANE_ROUNDING
#undef TINYDUAL_LANE_MATH_RANGED
#undef TINYDUAL_LANE_LIBM
#undef TINYDUAL_LANE_LIBM2
    // rounded once: the fused instruction where the registers have one (xsimd emulates it
    // with two roundings elsewhere), <cmath> otherwise
    friend TINYDUAL_INLINE lanes fma(const lanes& a, const lanes& b, const lanes& c) {
#if TINYDUAL_DETAIL_LANE_REGISTERS && (defined(__FMA__) || defined(__aarch64__))
        return map([](const auto& x, const auto& y, const auto& z) TINYDUAL_KERNEL {
            using std::fma;
            return fma(x, y, z);
        }, a, b, c);
#else
        return each([](const T& x, const T& y, const T& z) { using std::fma; return fma(x, y, z); }, a, b, c);
#endif
    }
    friend TINYDUAL_INLINE lanes ldexp(const lanes& a, int e) {
        return each([e](const T& x) { using std::ldexp; return ldexp(x, e); }, a);
    }
    // min/max/fmin/fmax: the same choice as std:: in every lane (ties and a NaN in a give a;
    // fmin/fmax: a NaN loses to a number)
    friend TINYDUAL_INLINE lanes max(const lanes& a, const lanes& b) { return select(a < b, b, a); }
    friend TINYDUAL_INLINE lanes min(const lanes& a, const lanes& b) { return select(b < a, b, a); }
    friend TINYDUAL_INLINE lanes fmax(const lanes& a, const lanes& b) { return select(isnan(b), a, select(isnan(a), b, max(a, b))); }
    friend TINYDUAL_INLINE lanes fmin(const lanes& a, const lanes& b) { return select(isnan(b), a, select(isnan(a), b, min(a, b))); }

    // ---- classification: masks ----
    friend TINYDUAL_INLINE mask_type isnan(const lanes& a) { return a != a; }
    friend TINYDUAL_INLINE mask_type isfinite(const lanes& a) {
        const lanes m = abs(a);
        return m <= lanes(std::numeric_limits<T>::max());
    }
    friend TINYDUAL_INLINE mask_type isinf(const lanes& a) { return abs(a) == lanes(std::numeric_limits<T>::infinity()); }
    friend TINYDUAL_INLINE mask_type isnormal(const lanes& a) {
        const lanes m = abs(a);
        return (m >= lanes(std::numeric_limits<T>::min())) && (m <= lanes(std::numeric_limits<T>::max()));
    }
    friend TINYDUAL_INLINE mask_type signbit(const lanes& a) {
        mask_type r;
        for (std::size_t k = 0; k < K; ++k) {
            using std::signbit;
            r.data[k] = simd::detail::to_bits<T>(static_cast<bool>(signbit(a.data[k])));
        }
        return r;
    }

    /// True when every lane is exactly zero (a batched partial that is zero for every point).
    friend TINYDUAL_INLINE bool all_zero(const lanes& a) { return all(a == lanes(T(0))); }

    /// a where m holds, b where not, lane by lane.
    friend TINYDUAL_INLINE lanes select(const mask_type& m, const lanes& a, const lanes& b) {
        lanes r;
        simd::detail::lane_transform<T, K>(r.data, [](const auto& mb, const auto& x, const auto& y) TINYDUAL_KERNEL {
            return simd::detail::blend(simd::detail::mask_from_bits(mb), x, y);
        }, m.data, a.data, b.data);
        return r;
    }
};

/// The answer of a comparison of lanes, one per lane. It is not a bool: `if` on it does not
/// compile; select(mask, a, b) chooses lane by lane, all/any/none reduce it.
template <class T, std::size_t K>
struct lane_mask {
    using layout_type = simd::lane_backend::layout<T, K>;
    static constexpr std::size_t size() noexcept { return K; }
    /// Lane k holds simd::detail::mask_to_bits of its answer.
    alignas(layout_type::alignment) T data[K];

    lane_mask() = default;
    /// b in every lane.
    TINYDUAL_INLINE explicit lane_mask(bool b) {
        const lanes<T, K> zero(T(0));
        *this = b ? zero == zero : zero != zero;
    }

    /// Lane k's answer.
    TINYDUAL_INLINE bool operator[](std::size_t k) const {
        TINYDUAL_ASSERT(k < K);
        return simd::detail::mask_from_bits(data[k]);
    }

    template <class F, class... In>
    TINYDUAL_INLINE static lane_mask map(F&& f, const In&... in) {
        lane_mask r;
        simd::detail::lane_transform<T, K>(r.data, [&f](const auto& x, const auto&... more) TINYDUAL_KERNEL {
            return simd::detail::to_bits<std::decay_t<decltype(x)>>(f(x, more...));
        }, in.data...);
        return r;
    }

    // ---- logic, lane by lane (a bool applies to every lane) ----
    friend TINYDUAL_INLINE lane_mask operator&&(const lane_mask& a, const lane_mask& b) {
        return map([](const auto& x, const auto& y) TINYDUAL_KERNEL {
            return simd::detail::mask_from_bits(x) && simd::detail::mask_from_bits(y);
        }, a, b);
    }
    friend TINYDUAL_INLINE lane_mask operator||(const lane_mask& a, const lane_mask& b) {
        return map([](const auto& x, const auto& y) TINYDUAL_KERNEL {
            return simd::detail::mask_from_bits(x) || simd::detail::mask_from_bits(y);
        }, a, b);
    }
    friend TINYDUAL_INLINE lane_mask operator!(const lane_mask& a) {
        return map([](const auto& x) TINYDUAL_KERNEL { return !simd::detail::mask_from_bits(x); }, a);
    }
    friend TINYDUAL_INLINE lane_mask operator==(const lane_mask& a, const lane_mask& b) { return !(a != b); }
    friend TINYDUAL_INLINE lane_mask operator!=(const lane_mask& a, const lane_mask& b) {
        return map([](const auto& x, const auto& y) TINYDUAL_KERNEL {
            return simd::detail::mask_from_bits(x) != simd::detail::mask_from_bits(y);
        }, a, b);
    }
    friend TINYDUAL_INLINE lane_mask operator&&(const lane_mask& a, bool b) { return b ? a : lane_mask(false); }
    friend TINYDUAL_INLINE lane_mask operator&&(bool a, const lane_mask& b) { return b && a; }
    friend TINYDUAL_INLINE lane_mask operator||(const lane_mask& a, bool b) { return b ? lane_mask(true) : a; }
    friend TINYDUAL_INLINE lane_mask operator||(bool a, const lane_mask& b) { return b || a; }

    friend TINYDUAL_INLINE bool all(const lane_mask& m) { return !any(!m); }
    friend TINYDUAL_INLINE bool any(const lane_mask& m) {
        using L = simd::lane_backend::layout<T, K>;
        using B = typename L::batch;
        bool r = false;
        for (std::size_t i = 0; i < K; i += L::width)
            r = r || simd::detail::any_lane(simd::detail::mask_from_bits(simd::lane_backend::load<B, L::aligned_access>(m.data + i)));
        return r;
    }
    friend TINYDUAL_INLINE bool none(const lane_mask& m) { return !any(m); }

    /// A lane mask is not a bool: a branch on batched numbers must choose lane by lane.
    template <class U = void>
    operator bool() const {
        static_assert(tinydual::detail::dependent_false<U>,
                      "tinydual: a comparison of batched numbers gives one answer per point (a lane_mask), not a "
                      "bool: write the branch as tinydual::select(mask, a, b), or reduce it with all(mask) / any(mask)");
        return false;
    }
};

namespace simd {
/// a * b + c, fused where the backend fuses it for one-point partials.
template <class T, std::size_t K>
TINYDUAL_INLINE lanes<T, K> madd(const lanes<T, K>& a, const lanes<T, K>& b, const lanes<T, K>& c) {
    return lanes<T, K>::map([](const auto& x, const auto& y, const auto& z) TINYDUAL_KERNEL { return madd(x, y, z); }, a, b, c);
}
}  // namespace simd

namespace detail {
template <class T, std::size_t K>
struct is_lanes<lanes<T, K>> : std::true_type {};
template <class T>
struct is_lane_mask : std::false_type {};
template <class T, std::size_t K>
struct is_lane_mask<lane_mask<T, K>> : std::true_type {};
}  // namespace detail

/// Lane-wise choice: for lane masks, lanes and numbers over lanes (value and partials, lane by
/// lane); for a bool, c ? a : b. Both a and b are evaluated.
template <class T, std::size_t K, class A, class B>
TINYDUAL_INLINE auto select(const lane_mask<T, K>& m, const A& a, const B& b) {
    if constexpr (detail::is_ad<A> || detail::is_ad<B>) {
        using D = std::conditional_t<detail::is_ad<A>, A, B>;
        const D da(a), db(b);
        const auto choose_lanes = [&m](const auto& x, const auto& y) { return select(m, x, y); };
        D r(db);
        r.value() = select(m, da.value(), db.value());
        simd::map_to(r.partials(), choose_lanes, da.partials(), db.partials());
        if constexpr (detail::is_hyper_dual<D>::value) {
            const auto ha = da.hessian_partials(), hb = db.hessian_partials();
            simd::map_to(r.hessian_partials(), choose_lanes, ha, hb);
        }
        return r;
    } else {
        using L = lanes<T, K>;
        return select(m, L(a), L(b));
    }
}
template <class A, class B>
constexpr auto select(bool c, const A& a, const B& b) {
    using R = std::common_type_t<A, B>;
    return c ? R(a) : R(b);
}

namespace detail {
/// c ? a : b for a bool c, select(c, a, b) for a lane mask (both evaluated).
template <class C, class A, class B>
TINYDUAL_INLINE constexpr auto if_else(const C& c, const A& a, const B& b) {
    if constexpr (std::is_same<C, bool>::value)
        return c ? a : b;
    else
        return select(c, a, b);
}
/// The same with thunks: for a bool only the chosen one is called.
template <class C, class A, class B>
TINYDUAL_INLINE constexpr auto choose(const C& c, const A& a, const B& b) {
    if constexpr (std::is_same<C, bool>::value)
        return c ? a() : b();
    else
        return select(c, a(), b());
}
}  // namespace detail

}  // namespace tinydual

namespace std {
/// numeric_limits of lanes<T, K>: T's properties, every lane the same value.
template <class T, std::size_t K>
struct numeric_limits<tinydual::lanes<T, K>> : tinydual::detail::number_limits<tinydual::lanes<T, K>, T> {};
}  // namespace std

#undef TINYDUAL_DETAIL_LANE_REGISTERS

#if defined(__GNUC__)
#  pragma GCC diagnostic pop
#endif
