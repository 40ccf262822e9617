// tinydual/simd/storage.hpp: "N values of T with element-wise arithmetic", the one storage
// abstraction behind dual partials and vec/mat element-wise operations.
//
//   simd::partials<double, 5> g = simd::partials<double, 5>::unit(2);   // (0, 0, 1, 0, 0)
//   g = simd::map([](auto x) { return x * 2.0; }, g);                  // batches or scalars
//   double g2 = g[2];                                                  // 2.0
//
// Two backends, chosen in config.hpp: xsimd batches (x86 SSE2/AVX/AVX-512, ARM NEON) and plain
// arrays (always there; the only one on Cortex-M and for non-float element types such as a nested
// dual). A kernel is written once as a generic lambda that is called with whole batches on the
// SIMD backend and with single elements on the plain one, so both compute the same formula.
// The SIMD storage is padded to whole registers; padding lanes start at zero and are never read
// back, so no garbage escapes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "../config.hpp"

#if TINYDUAL_BACKEND_XSIMD
#  if defined(__GNUC__)
#    pragma GCC system_header  // xsimd's own code is not ours to warn about
#  endif
#  include <xsimd/xsimd.hpp>
#endif

// TINYDUAL_LIKELY(c): the branch the compiler lays out as the fall-through; TINYDUAL_COLD: a
// function on a rarely taken path (a non-finite derivative factor), kept out of line;
// TINYDUAL_NOINLINE: a function kept out of line.
#if defined(__GNUC__) || defined(__clang__)
#  define TINYDUAL_LIKELY(c) __builtin_expect(!!(c), 1)
#  define TINYDUAL_COLD __attribute__((noinline, cold))
#  define TINYDUAL_NOINLINE __attribute__((noinline))
#else
#  define TINYDUAL_LIKELY(c) (c)
#  define TINYDUAL_COLD
#  define TINYDUAL_NOINLINE
#endif

namespace tinydual {
namespace simd {

/// Smallest power of two >= n (n >= 1).
constexpr std::size_t bit_ceil(std::size_t n) noexcept {
    std::size_t p = 1;
    while (p < n) p *= 2;
    return p;
}

/// The largest alignment the target's ABI guarantees for every object of a type, by-value
/// arguments included. On 32-bit Arm (AAPCS) an argument is only 8-byte aligned whatever its
/// type asks for, and GCC (12) keeps an argument whose 16-byte alignment comes from a member
/// (partials::data) in the caller's 8-byte aligned stack slot while still emitting 16-byte aligned
/// NEON loads on it (vld1 ... :128): a SIGBUS on ARMv7. So the storage asks for no more than 8
/// there, and its register accesses are unaligned ones (the same vld1 without the hint).
#if defined(__arm__) && !defined(__aarch64__)
constexpr std::size_t max_object_alignment = 8;
#else
constexpr std::size_t max_object_alignment = ~std::size_t(0);  // no limit: the ABI honours alignas
#endif

/// The SIMD register layout used for Len elements of T: width W (1 means plain scalars) and the
/// batch type. A register is used only when it is at most bit_ceil(Len) wide, so short vectors
/// take SSE2 or NEON registers even where AVX-512 exists, and padding never doubles the storage.
/// alignment is what partials<T, Len> is aligned to (alignas); aligned_access is true when that
/// is a whole register's alignment, so that aligned register loads and stores may be used on it.
template <class T, std::size_t Len, class = void>
struct layout {
    static constexpr std::size_t width = 1;
    static constexpr std::size_t alignment = alignof(T);
    static constexpr bool aligned_access = true;
    using batch = T;
};

#if TINYDUAL_BACKEND_XSIMD
namespace detail {
// Lanes of T in one register of Arch; 0 when Arch is not compiled in or not usable for T.
// xsimd 8.1 declares batch<double, neon> on ARMv7, but its register holds one double only:
// such an architecture is not usable for T.
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

#  if XSIMD_WITH_NEON64 || XSIMD_WITH_NEON
using candidates = arch_list<xsimd::default_arch, xsimd::neon>;
#  else
using candidates = arch_list<xsimd::default_arch, xsimd::avx, xsimd::sse2>;
#  endif

// Picks the widest usable architecture whose register holds at most MaxLanes elements.
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

template <class T, std::size_t Len>
struct layout<T, Len, std::enable_if_t<!std::is_void<typename detail::pick_for<T, Len>::arch>::value>> {
    using arch = typename detail::pick_for<T, Len>::arch;
    using batch = xsimd::batch<T, arch>;
    static constexpr std::size_t width = batch::size;
    static constexpr std::size_t register_alignment = arch::alignment();
    static constexpr std::size_t alignment =
        register_alignment < max_object_alignment ? register_alignment : max_object_alignment;
    static constexpr bool aligned_access = alignment >= register_alignment;
};
#endif

/// True when Len elements of T are processed with SIMD registers.
template <class T, std::size_t Len>
constexpr bool is_vectorized = layout<T, Len>::width > 1;

/// Name of the backend compiled in ("xsimd" or "plain"), for reports and tests.
constexpr const char* backend_name() noexcept { return TINYDUAL_BACKEND_XSIMD ? "xsimd" : "plain"; }

/// Broadcast a scalar to the kind of x (a batch, or the scalar itself).
template <class X, class S>
TINYDUAL_INLINE constexpr X broadcast(const S& s) {
    return X(s);
}

/// True when p is a multiple of a at run time: the address is hidden from the optimizer, which
/// would otherwise fold the test to true from the alignment the type claims (the very claim
/// being checked). For TINYDUAL_ASSERT in the aligned register paths.
inline bool is_aligned_at_run_time(const void* p, std::size_t a) noexcept {
    auto address = reinterpret_cast<std::uintptr_t>(p);
#if defined(__GNUC__) || defined(__clang__)
    __asm__("" : "+r"(address));
#endif
    return address % a == 0;
}

/// out[i] = f(in[i]...) for i < Len over raw arrays, whole registers first, then a scalar tail.
/// Aligned = true promises that every pointer is aligned as partials<T, Len> is
/// (layout<T, Len>::alignment) and Len is a multiple of its width (as in partials): aligned
/// register loads and stores where that alignment is a whole register's (layout::aligned_access),
/// unaligned ones where the target cannot promise as much (32-bit Arm). Debug builds check the
/// promise (TINYDUAL_ASSERT).
template <class T, std::size_t Len, bool Aligned = false, class F, class... In>
TINYDUAL_INLINE constexpr void transform(T* out, F&& f, const In*... in) {
    using L = layout<T, Len>;
    constexpr std::size_t whole = L::width > 1 ? Len / L::width * L::width : 0;  // in whole registers
    if constexpr (L::width > 1) {
        using B = typename L::batch;
        static_assert(!Aligned || Len % L::width == 0, "tinydual: an aligned transform covers whole registers");
        if constexpr (Aligned) {
            TINYDUAL_ASSERT(is_aligned_at_run_time(out, L::alignment));
            TINYDUAL_ASSERT((is_aligned_at_run_time(in, L::alignment) && ...));
        }
        for (std::size_t i = 0; i < whole; i += L::width) {
            if constexpr (Aligned && L::aligned_access)
                f(B::load_aligned(in + i)...).store_aligned(out + i);
            else
                f(B::load_unaligned(in + i)...).store_unaligned(out + i);
        }
    }
    if constexpr (whole < Len)
        for (std::size_t i = whole; i < Len; ++i) out[i] = f(in[i]...);
}

namespace detail {
#if TINYDUAL_BACKEND_XSIMD && (defined(__SSE2__) || defined(_M_X64))
// ~m & r on the x86 registers a batch of float or double lives in: one andn instruction.
// (xsimd::bitwise_andnot swapped its operands between versions; `r & ~m` costs an extra xor.)
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

/// r where x is not exactly zero, zero where it is, lane by lane (batches or float/double).
template <class X>
TINYDUAL_INLINE X zero_where_zero(const X& x, const X& r) {
#if TINYDUAL_BACKEND_XSIMD
    if constexpr (xsimd::is_batch<X>::value) {
        const X zero(typename X::value_type(0));
        using reg = typename X::register_type;
        if constexpr (std::is_same<typename X::batch_bool_type::register_type, reg>::value &&
                      detail::has_and_not<reg>::value)
            // SSE/AVX: the comparison's all-ones lanes are a register of the batch's own type.
            return X(detail::and_not_register(static_cast<reg>(x == zero), static_cast<reg>(r)));
        else
            return xsimd::select(x == zero, zero, r);
    } else
#endif
        return x == X(0) ? X(0) : r;
}

/// Fused a * b + c where the hardware has it for the type, plain a * b + c otherwise.
template <class X>
TINYDUAL_INLINE constexpr X madd(const X& a, const X& b, const X& c) {
#if TINYDUAL_BACKEND_XSIMD
    if constexpr (xsimd::is_batch<X>::value)
        return xsimd::fma(a, b, c);
    else
#endif
        return a * b + c;
}

/// True while the compiler evaluates a constant expression (C++20's std::is_constant_evaluated,
/// available in C++17 as a builtin of GCC >= 9, Clang >= 9 and MSVC >= 19.25). Where it is not,
/// this is always true and the constexpr-friendly code runs at run time too.
TINYDUAL_INLINE constexpr bool is_constant_evaluated() noexcept {
#if (defined(__GNUC__) && __GNUC__ >= 9) || defined(__clang__) || (defined(_MSC_VER) && _MSC_VER >= 1925)
    return __builtin_is_constant_evaluated();
#else
    return true;
#endif
}

namespace detail {
template <bool Aligned, class B, class T, std::size_t... I>
TINYDUAL_INLINE void store_each(T* out, const B& b, std::index_sequence<I...>) {
    if constexpr (Aligned)
        (b.store_aligned(out + I * B::size), ...);
    else
        (b.store_unaligned(out + I * B::size), ...);
}
template <class T, std::size_t... I>
TINYDUAL_INLINE void assign_each(T* out, const T& x, std::index_sequence<I...>) {
    ((out[I] = x), ...);
}
}  // namespace detail

/// out[k] = x for k < Len over an array aligned for layout<T, Len>, Len a multiple of its width:
/// whole registers on the SIMD backend. Up to 64 stores are written out as straight-line code:
/// a loop of stores becomes a call to memset, which costs more than the stores and makes the
/// caller spill every vector register it holds (a call clobbers them all).
template <class T, std::size_t Len>
TINYDUAL_INLINE void fill(T* out, const T& x) {
#if TINYDUAL_BACKEND_XSIMD
    using L = layout<T, Len>;
    if constexpr (L::width > 1) {
        using B = typename L::batch;
        const B b(x);
        TINYDUAL_ASSERT(is_aligned_at_run_time(out, L::alignment));
        if constexpr (Len / L::width <= 64) {
            detail::store_each<L::aligned_access>(out, b, std::make_index_sequence<Len / L::width>{});
        } else {
            for (std::size_t k = 0; k < Len; k += L::width) {
                if constexpr (L::aligned_access)
                    b.store_aligned(out + k);
                else
                    b.store_unaligned(out + k);
            }
        }
    } else
#endif
    {
        if constexpr (Len <= 64)
            detail::assign_each(out, x, std::make_index_sequence<Len>{});
        else
            for (std::size_t k = 0; k < Len; ++k) out[k] = x;
    }
}

/// N partial derivatives of element type T, padded to whole SIMD registers.
template <class T, std::size_t N>
struct partials {
    static_assert(N >= 1, "tinydual: the number of partial derivatives N must be at least 1");
    using value_type = T;
    using layout_type = layout<T, N>;
    static constexpr std::size_t width = layout_type::width;
    static constexpr std::size_t padded_size = (N + width - 1) / width * width;

    alignas(layout_type::alignment) T data[padded_size];

    static constexpr std::size_t size() noexcept { return N; }
    TINYDUAL_INLINE constexpr T& operator[](std::size_t i) {
        TINYDUAL_ASSERT(i < N);
        return data[i];
    }
    TINYDUAL_INLINE constexpr const T& operator[](std::size_t i) const {
        TINYDUAL_ASSERT(i < N);
        return data[i];
    }

    /// All partials (and the padding) equal to zero.
    TINYDUAL_INLINE static constexpr partials zero() {
        if (is_constant_evaluated()) {
            partials p{};
            return p;
        }
        return zero_at_run_time();
    }
    /// The i-th unit vector: seeds variable i.
    TINYDUAL_INLINE static constexpr partials unit(std::size_t i) {
        TINYDUAL_ASSERT(i < N);
        if (is_constant_evaluated()) {
            partials p{};
            p.data[i] = T(1);
            return p;
        }
        return unit_at_run_time(i);
    }
    /// True when every partial is exactly zero (a constant).
    TINYDUAL_INLINE constexpr bool is_zero() const {
        for (std::size_t i = 0; i < N; ++i)
            if (!(data[i] == T(0))) return false;
        return true;
    }

   private:
    // Written once, lane by lane from a formula the compiler folds (a constant i gives constant
    // registers) or vectorizes; not a zero-fill followed by a single store, which makes the next
    // register load wait for a store it cannot forward (and the zero-fill may become memset).
    TINYDUAL_INLINE static partials zero_at_run_time() {
        partials p;
        fill<T, padded_size>(p.data, T(0));
        return p;
    }
    TINYDUAL_INLINE static partials unit_at_run_time(std::size_t i) {
        partials p;
        for (std::size_t k = 0; k < padded_size; ++k) p.data[k] = k == i ? T(1) : T(0);
        return p;
    }
};

/// out[i] = f(a[i], b[i], ...) over all partials, padding included (batches on the SIMD backend).
/// out may be one of the inputs: each register is read before it is written.
template <class F, class T, std::size_t N, class... More>
TINYDUAL_INLINE void map_to(partials<T, N>& out, F&& f, const partials<T, N>& a, const More&... more) {
    transform<T, partials<T, N>::padded_size, true>(out.data, f, a.data, more.data...);
}

/// r[i] = f(a[i], b[i], ...) over all partials (batches on the SIMD backend). Every lane of r is
/// written once: no zero-initialisation first, which the compiler does not always remove.
template <class F, class T, std::size_t N, class... More>
TINYDUAL_INLINE partials<T, N> map(F&& f, const partials<T, N>& a, const More&... more) {
    partials<T, N> r;
    map_to(r, f, a, more...);
    return r;
}

}  // namespace simd
}  // namespace tinydual
