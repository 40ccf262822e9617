// tinydual/simd/xsimd.hpp: the xsimd backend (x86 SSE2/AVX/AVX-512, Arm NEON): partials of float
// and double in xsimd batches; every other element type, and tails, through simd/plain.hpp.
//
//   using L = tinydual::simd::xsimd_backend::layout<double, 4>;   // AVX2: one 4-lane register
//   L::batch b(1.0);
//   b = tinydual::simd::madd(b, b, b);                             // one FMA where the target has it
#pragma once

#include <cstddef>
#include <type_traits>

#include "../config.hpp"
#include "plain.hpp"
#include "xsimd_system.hpp"

// Register types (__m128, ...) as template arguments drop their alignment attributes; nothing
// here depends on them.
#if defined(__GNUC__)
#  pragma GCC diagnostic push
#  pragma GCC diagnostic ignored "-Wignored-attributes"
#endif

namespace tinydual {
namespace simd {
namespace xsimd_backend {
constexpr const char* name = "xsimd";
/// Up to this many registers of partials, the safe policy's guard is branch-free (detail/scaling.hpp).
constexpr std::size_t branchless_guard_registers = 2;
/// Up to this many registers, transform is straight-line code (0: a loop, which GCC unrolls).
constexpr std::size_t unrolled_registers = 0;

/// The largest alignment the ABI guarantees for every object of a type, by-value arguments
/// included. 32-bit Arm (AAPCS) aligns arguments to 8 bytes only, and GCC emits 16-byte aligned
/// NEON loads (vld1 ... :128) on such an argument if its type asks for 16: a SIGBUS on ARMv7. So
/// there the storage asks for 8 and uses unaligned register accesses.
#if defined(__arm__) && !defined(__aarch64__)
constexpr std::size_t max_object_alignment = 8;
#else
constexpr std::size_t max_object_alignment = ~std::size_t(0);
#endif

namespace detail {
// Lanes of T in one register of Arch; 0 when Arch is not compiled in or its register holds a
// single T (xsimd 8.1 declares batch<double, neon> on ARMv7 with one double per register).
template <class T, class Arch, bool = Arch::supported()>
struct lanes {
    static constexpr std::size_t value =
        sizeof(typename xsimd::types::simd_register<T, Arch>::register_type) >= 2 * sizeof(T)
            ? xsimd::batch<T, Arch>::size
            : 0;
};
template <class T, class Arch>
struct lanes<T, Arch, false> {
    static constexpr std::size_t value = 0;
};
template <class... Archs>
struct arch_list {};
#if XSIMD_WITH_NEON64 || XSIMD_WITH_NEON
using candidates = arch_list<xsimd::default_arch, xsimd::neon>;
#else
using candidates = arch_list<xsimd::default_arch, xsimd::avx, xsimd::sse2>;
#endif
// The widest usable architecture whose register holds at most MaxLanes elements (void if none).
template <class T, std::size_t MaxLanes, class List>
struct pick {
    using arch = void;
};
template <class T, std::size_t MaxLanes, class A, class... As>
struct pick<T, MaxLanes, arch_list<A, As...>> {
    static constexpr bool fits = lanes<T, A>::value >= 2 && lanes<T, A>::value <= MaxLanes;
    using arch = std::conditional_t<fits, A, typename pick<T, MaxLanes, arch_list<As...>>::arch>;
};
template <class T, std::size_t Len, bool = std::is_same<T, float>::value || std::is_same<T, double>::value>
struct pick_for {
    using arch = void;
};
template <class T, std::size_t Len>
struct pick_for<T, Len, true> : pick<T, bit_ceil(Len), candidates> {};
}  // namespace detail

namespace detail {
template <class T, std::size_t Len>
struct register_layout {
    using arch = typename pick_for<T, Len>::arch;
    using batch = xsimd::batch<T, arch>;
    static constexpr std::size_t width = batch::size;
    static constexpr std::size_t register_alignment = arch::alignment();
    static constexpr std::size_t alignment =
        register_alignment < max_object_alignment ? register_alignment : max_object_alignment;
    static constexpr bool aligned_access = alignment >= register_alignment;
};
}  // namespace detail

/// A register is used only when it is at most bit_ceil(Len) wide, so short vectors take SSE2 or
/// NEON registers even where AVX-512 exists, and padding never doubles the storage; otherwise the
/// plain layout. alignment is what partials<T, Len> is aligned to; aligned_access tells whether
/// that is a whole register's.
template <class T, std::size_t Len>
using layout = std::conditional_t<std::is_void<typename detail::pick_for<T, Len>::arch>::value,
                                  plain_backend::layout<T, Len>, detail::register_layout<T, Len>>;

/// A register of B from p (B may be a plain element, where the layout has no register for T).
template <class B, bool Aligned, class T>
TINYDUAL_INLINE B load(const T* p) {
    if constexpr (!xsimd::is_batch<B>::value)
        return *p;
    else if constexpr (Aligned)
        return B::load_aligned(p);
    else
        return B::load_unaligned(p);
}
template <bool Aligned, class T, class B>
TINYDUAL_INLINE void store(T* p, const B& b) {
    if constexpr (!xsimd::is_batch<B>::value)
        *p = b;
    else if constexpr (Aligned)
        b.store_aligned(p);
    else
        b.store_unaligned(p);
}

namespace detail {
#if defined(__SSE2__) || defined(_M_X64)
// ~m & r in one andn instruction (xsimd::bitwise_andnot swapped its operands between versions,
// and r & ~m costs an extra xor).
TINYDUAL_INLINE __m128 and_not(__m128 m, __m128 r) { return _mm_andnot_ps(m, r); }
TINYDUAL_INLINE __m128d and_not(__m128d m, __m128d r) { return _mm_andnot_pd(m, r); }
#  ifdef __AVX__
TINYDUAL_INLINE __m256 and_not(__m256 m, __m256 r) { return _mm256_andnot_ps(m, r); }
TINYDUAL_INLINE __m256d and_not(__m256d m, __m256d r) { return _mm256_andnot_pd(m, r); }
#  endif
#endif
template <class R, class = void>
struct has_and_not : std::false_type {};
template <class R>
struct has_and_not<R, std::void_t<decltype(and_not(std::declval<R>(), std::declval<R>()))>> : std::true_type {};
// Declared on every target, instantiated only where has_and_not<R> holds.
template <class R>
TINYDUAL_INLINE R and_not_register(R m, R r) {
    return and_not(m, r);
}
}  // namespace detail
}  // namespace xsimd_backend

/// Fused a * b + c on a batch.
template <class T, class A>
TINYDUAL_INLINE xsimd::batch<T, A> madd(const xsimd::batch<T, A>& a, const xsimd::batch<T, A>& b,
                                        const xsimd::batch<T, A>& c) {
    return xsimd::fma(a, b, c);
}

/// r where x is not exactly zero, zero where it is, lane by lane: on SSE/AVX the comparison's
/// all-ones lanes are a register of the batch's own type, so this is a compare and an and-not.
template <class T, class A>
TINYDUAL_INLINE xsimd::batch<T, A> zero_where_zero(const xsimd::batch<T, A>& x, const xsimd::batch<T, A>& r) {
    using X = xsimd::batch<T, A>;
    using reg = typename X::register_type;
    const X zero(T(0));
    if constexpr (std::is_same<typename X::batch_bool_type::register_type, reg>::value &&
                  xsimd_backend::detail::has_and_not<reg>::value)
        return X(xsimd_backend::detail::and_not_register(static_cast<reg>(x == zero), static_cast<reg>(r)));
    else
        return xsimd::select(x == zero, zero, r);
}

/// True when every lane of x is exactly zero (one comparison and one mask test).
template <class T, class A>
TINYDUAL_INLINE bool all_zero(const xsimd::batch<T, A>& x) {
    return xsimd::all(x == xsimd::batch<T, A>(T(0)));
}

}  // namespace simd
}  // namespace tinydual

#if defined(__GNUC__)
#  pragma GCC diagnostic pop
#endif
