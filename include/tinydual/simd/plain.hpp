// tinydual/simd/plain.hpp: the plain backend, one element at a time, and the generic layer every
// backend builds on (a backend adds overloads for its register types; these stay the fallback for
// tails and for element types it has no registers for, such as a nested dual).
//
//   tinydual::simd::madd(2.0, 3.0, 1.0);                       // 7.0
//   tinydual::simd::zero_where_zero(0.0f, 5.0f);               // 0.0f
//   static_assert(tinydual::simd::plain_backend::layout<double, 4>::width == 1);
//
// A backend provides: layout<T, Len> (register width, batch type, alignment), load and store of a
// register, and for its batches the element-wise primitives below: broadcast (a batch's
// constructor from a scalar), + - * / (its operators), madd, zero_where_zero, all_zero and ==
// (the lane comparison zero_where_zero is built on). Kernels are generic lambdas over these, called with
// batches or with single elements, so every backend computes the same formula.
#pragma once

#include <cstddef>

#include "../config.hpp"

namespace tinydual {
namespace simd {

/// Smallest power of two >= n (n >= 1).
constexpr std::size_t bit_ceil(std::size_t n) noexcept {
    std::size_t p = 1;
    while (p < n) p *= 2;
    return p;
}

/// Broadcast a scalar to the kind of X (a batch, or the scalar itself).
template <class X, class S>
TINYDUAL_INLINE constexpr X broadcast(const S& s) {
    return X(s);
}

/// a * b + c (a backend fuses it where the hardware has a fused multiply-add).
template <class X>
TINYDUAL_INLINE constexpr X madd(const X& a, const X& b, const X& c) {
    return a * b + c;
}

/// r where x is not exactly zero, zero where it is (lane by lane for a batch).
template <class X>
TINYDUAL_INLINE constexpr X zero_where_zero(const X& x, const X& r) {
    return x == X(0) ? X(0) : r;
}

/// True where a backend fuses the safe policy's guarded products for registers X into
/// mul_nonzero(x, s) (x * s, zero where x is exactly zero) and madd_nonzero(x, s, y, t)
/// (the same for x * s + y * t); elsewhere detail/scaling.hpp spells them with zero_where_zero.
template <class X>
constexpr bool has_guarded_multiply = false;
// Declared for every backend; defined, for its register type, by a backend that fuses them.
template <class X, class S>
X mul_nonzero(const X& x, const S& s);
template <class X, class S>
X madd_nonzero(const X& x, const S& s, const X& y, const S& t);

/// True when every lane of x is exactly zero (x itself, for a plain element).
template <class X>
TINYDUAL_INLINE constexpr bool all_zero(const X& x) {
    return x == X(0);
}

namespace plain_backend {
constexpr const char* name = "plain";
/// Up to this many registers of partials, the safe policy's guard is branch-free (detail/scaling.hpp).
constexpr std::size_t branchless_guard_registers = 0;
/// Up to this many registers (here: elements of float or double), transform is straight-line
/// code (0: a loop, which the compiler unrolls or vectorizes). On a core without a vector unit
/// (Cortex-M0+ to M33) GCC leaves a loop over 4 to 16 elements rolled and every temporary's
/// partials in memory; -Os keeps the loops (code size first).
#if defined(__SSE2__) || defined(_M_X64) || defined(__ARM_NEON) || defined(__ARM_FEATURE_MVE) || \
    defined(__OPTIMIZE_SIZE__) || !defined(__GNUC__)
constexpr std::size_t unrolled_registers = 0;
#else
constexpr std::size_t unrolled_registers = 16;
#endif

/// One element per "register": width 1, the element's own alignment.
template <class T, std::size_t Len>
struct layout {
    static constexpr std::size_t width = 1;
    static constexpr std::size_t alignment = alignof(T);
    static constexpr bool aligned_access = true;
    using batch = T;
};

template <class B, bool Aligned, class T>
TINYDUAL_INLINE constexpr B load(const T* p) {
    return *p;
}
template <bool Aligned, class T, class B>
TINYDUAL_INLINE constexpr void store(T* p, const B& b) {
    *p = b;
}
}  // namespace plain_backend

}  // namespace simd
}  // namespace tinydual
