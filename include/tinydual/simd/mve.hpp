// tinydual/simd/mve.hpp: the Helium backend (Arm MVE with floating point: Cortex-M55, M85):
// partials of float in 4-lane q registers; double (MVE has no double lanes) and every other
// element type, and tails, through simd/plain.hpp.
//
//   using L = tinydual::simd::mve_backend::layout<float, 8>;   // two q registers
//   L::batch b(1.0f);
//   b = tinydual::simd::madd(b, b, b);                         // one vfma.f32
//
// MVE has no vector division: a batch divides lane by lane with the scalar FPU's vdiv.f32, so
// every backend rounds a quotient the same way. MVE's float arithmetic flushes denormal inputs
// and results to zero (as Armv7 NEON's does): a partial below 1.2e-38 in a register becomes 0.
#pragma once

#include <arm_mve.h>

#include <cstddef>
#include <type_traits>

#include "../config.hpp"
#include "plain.hpp"

namespace tinydual {
namespace simd {

/// Four floats in one MVE q register, with the operators the kernels use. arm_mve.h's float32x4_t
/// is a GCC vector type, so + - * / are GCC's own vector operations, which the optimizer sees
/// through (constant lanes fold, temporaries stay in registers; the intrinsics would be opaque
/// to it); intrinsics only where C++ has no operator: fused multiply-add, compare and predicate.
struct mve_f32x4 {
    static constexpr std::size_t size = 4;
    float32x4_t v;

    mve_f32x4() = default;
    TINYDUAL_INLINE explicit mve_f32x4(float32x4_t r) : v(r) {}
    TINYDUAL_INLINE explicit mve_f32x4(float s) : v(float32x4_t{s, s, s, s}) {}

    friend TINYDUAL_INLINE mve_f32x4 operator+(mve_f32x4 a, mve_f32x4 b) { return mve_f32x4(a.v + b.v); }
    friend TINYDUAL_INLINE mve_f32x4 operator-(mve_f32x4 a, mve_f32x4 b) { return mve_f32x4(a.v - b.v); }
    friend TINYDUAL_INLINE mve_f32x4 operator*(mve_f32x4 a, mve_f32x4 b) { return mve_f32x4(a.v * b.v); }
    friend TINYDUAL_INLINE mve_f32x4 operator/(mve_f32x4 a, mve_f32x4 b) { return mve_f32x4(a.v / b.v); }
    friend TINYDUAL_INLINE mve_f32x4 operator-(mve_f32x4 a) { return mve_f32x4(-a.v); }

    friend TINYDUAL_INLINE mve_f32x4 operator+(mve_f32x4 a, float s) { return a + mve_f32x4(s); }
    friend TINYDUAL_INLINE mve_f32x4 operator-(mve_f32x4 a, float s) { return a - mve_f32x4(s); }
    friend TINYDUAL_INLINE mve_f32x4 operator*(mve_f32x4 a, float s) { return a * mve_f32x4(s); }
    friend TINYDUAL_INLINE mve_f32x4 operator/(mve_f32x4 a, float s) { return a / mve_f32x4(s); }
    friend TINYDUAL_INLINE mve_f32x4 operator+(float s, mve_f32x4 a) { return mve_f32x4(s) + a; }
    friend TINYDUAL_INLINE mve_f32x4 operator-(float s, mve_f32x4 a) { return mve_f32x4(s) - a; }
    friend TINYDUAL_INLINE mve_f32x4 operator*(float s, mve_f32x4 a) { return mve_f32x4(s) * a; }
    friend TINYDUAL_INLINE mve_f32x4 operator/(float s, mve_f32x4 a) { return mve_f32x4(s) / a; }
};

namespace mve_backend {
constexpr const char* name = "mve";
/// Up to this many registers of partials, the safe policy's guard is branch-free (detail/scaling.hpp).
constexpr std::size_t branchless_guard_registers = 4;
/// Up to this many registers, transform is straight-line code: GCC leaves loops over a few q
/// registers rolled, with every intermediate in memory.
constexpr std::size_t unrolled_registers = 8;

/// Registers for float where Len fills at least most of one (bit_ceil(Len) >= 4, as on the xsimd
/// backend: padding never doubles the storage); the plain layout otherwise. Alignment 8: AAPCS
/// aligns by-value arguments to 8 bytes at most, and MVE's vldrw/vstrw need only 4.
template <class T, std::size_t Len, bool = std::is_same<T, float>::value && bit_ceil(Len) >= 4>
struct layout : plain_backend::layout<T, Len> {};
template <class T, std::size_t Len>
struct layout<T, Len, true> {
    static constexpr std::size_t width = 4;
    static constexpr std::size_t alignment = 8;
    static constexpr bool aligned_access = true;
    using batch = mve_f32x4;
};

/// A register of B from p (B may be a plain element, where the layout has no register for T).
template <class B, bool Aligned, class T>
TINYDUAL_INLINE B load(const T* p) {
    if constexpr (std::is_same<B, mve_f32x4>::value)
        { B b; __builtin_memcpy(&b.v, p, 16); return b; }
    else
        return *p;
}
template <bool Aligned, class T, class B>
TINYDUAL_INLINE void store(T* p, const B& b) {
    if constexpr (std::is_same<B, mve_f32x4>::value)
        __builtin_memcpy(p, &b.v, 16);
    else
        *p = b;
}
}  // namespace mve_backend

/// Fused a * b + c: one vfma.f32.
TINYDUAL_INLINE mve_f32x4 madd(const mve_f32x4& a, const mve_f32x4& b, const mve_f32x4& c) {
    return mve_f32x4(vfmaq_f32(c.v, a.v, b.v));
}

/// r where x is not exactly zero, zero where it is: a compare into a predicate and a select.
TINYDUAL_INLINE mve_f32x4 zero_where_zero(const mve_f32x4& x, const mve_f32x4& r) {
    return mve_f32x4(vpselq_f32(vdupq_n_f32(0.0f), r.v, vcmpeqq_n_f32(x.v, 0.0f)));
}

template <>
constexpr bool has_guarded_multiply<mve_f32x4> = true;
// The two guarded products: with GCC, VPT blocks in inline assembly, as the intrinsics (vcmpneq
// with vmulq_m) compile, with GCC 12, to the same two instructions plus three that move the
// predicate through a core register, for every register of partials ("p0" is VPR, which the
// blocks set); with Clang, which keeps predicates in VPR and has no name for it in a clobber
// list, the intrinsics.
namespace mve_detail {
TINYDUAL_INLINE unsigned bits(float s) {
    unsigned u;
    __builtin_memcpy(&u, &s, sizeof u);
    return u;
}
}  // namespace mve_detail
/// x * s where x is not exactly zero, x (a zero) where it is: vpt.f32 ne and a vmult.
TINYDUAL_INLINE mve_f32x4 mul_nonzero(const mve_f32x4& x, float s) {
#if defined(__clang__)
    return mve_f32x4(vmulq_m_n_f32(x.v, x.v, s, vcmpneq_n_f32(x.v, 0.0f)));
#else
    float32x4_t r = x.v;
    __asm__("vpt.f32 ne, %q[x], zr\n\tvmult.f32 %q[r], %q[x], %[s]"
            : [r] "+w"(r)
            : [x] "w"(x.v), [s] "r"(mve_detail::bits(s))
            : "p0");
    return mve_f32x4(r);
#endif
}
/// x * s + y * t, each product zero where its x or y is exactly zero: two VPT blocks, a
/// predicated multiply and a predicated vfma.
TINYDUAL_INLINE mve_f32x4 madd_nonzero(const mve_f32x4& x, float s, const mve_f32x4& y, float t) {
#if defined(__clang__)
    return mve_f32x4(vfmaq_m_n_f32(mul_nonzero(y, t).v, x.v, s, vcmpneq_n_f32(x.v, 0.0f)));
#else
    float32x4_t r = y.v;
    __asm__("vpt.f32 ne, %q[y], zr\n\tvmult.f32 %q[r], %q[y], %[t]\n\tvpt.f32 ne, %q[x], zr\n\tvfmat.f32 %q[r], %q[x], %[s]"
            : [r] "+&w"(r)
            : [x] "w"(x.v), [y] "w"(y.v), [s] "r"(mve_detail::bits(s)), [t] "r"(mve_detail::bits(t))
            : "p0");
    return mve_f32x4(r);
#endif
}

/// True when every lane of x is exactly zero (a NaN lane is not).
TINYDUAL_INLINE bool all_zero(const mve_f32x4& x) { return vcmpneq_n_f32(x.v, 0.0f) == 0; }

}  // namespace simd
}  // namespace tinydual
