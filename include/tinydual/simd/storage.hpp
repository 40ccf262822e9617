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
#include <type_traits>

#include "../config.hpp"

#if TINYDUAL_BACKEND_XSIMD
#  if defined(__GNUC__)
#    pragma GCC system_header  // xsimd's own code is not ours to warn about
#  endif
#  include <xsimd/xsimd.hpp>
#endif

namespace tinydual {
namespace simd {

/// Smallest power of two >= n (n >= 1).
constexpr std::size_t bit_ceil(std::size_t n) noexcept {
    std::size_t p = 1;
    while (p < n) p *= 2;
    return p;
}

/// The SIMD register layout used for Len elements of T: width W (1 means plain scalars) and the
/// batch type. A register is used only when it is at most bit_ceil(Len) wide, so short vectors
/// take SSE2 or NEON registers even where AVX-512 exists, and padding never doubles the storage.
template <class T, std::size_t Len, class = void>
struct layout {
    static constexpr std::size_t width = 1;
    static constexpr std::size_t alignment = alignof(T);
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
    static constexpr std::size_t alignment = arch::alignment();
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

/// out[i] = f(in[i]...) for i < Len over raw arrays, whole registers first, then a scalar tail.
/// Aligned = true promises that every pointer is aligned for layout<T, Len> and Len is a multiple
/// of its width (as in partials).
template <class T, std::size_t Len, bool Aligned = false, class F, class... In>
TINYDUAL_INLINE constexpr void transform(T* out, F&& f, const In*... in) {
    using L = layout<T, Len>;
    constexpr std::size_t whole = L::width > 1 ? Len / L::width * L::width : 0;  // in whole registers
    if constexpr (L::width > 1) {
        using B = typename L::batch;
        for (std::size_t i = 0; i < whole; i += L::width) {
            if constexpr (Aligned)
                f(B::load_aligned(in + i)...).store_aligned(out + i);
            else
                f(B::load_unaligned(in + i)...).store_unaligned(out + i);
        }
    }
    if constexpr (whole < Len)
        for (std::size_t i = whole; i < Len; ++i) out[i] = f(in[i]...);
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
        partials p{};
        return p;
    }
    /// The i-th unit vector: seeds variable i.
    TINYDUAL_INLINE static constexpr partials unit(std::size_t i) {
        partials p{};
        p.data[i] = T(1);
        return p;
    }
    /// True when every partial is exactly zero (a constant).
    TINYDUAL_INLINE constexpr bool is_zero() const {
        for (std::size_t i = 0; i < N; ++i)
            if (!(data[i] == T(0))) return false;
        return true;
    }
};

/// r[i] = f(a[i], b[i], ...) over all partials (batches on the SIMD backend).
template <class F, class T, std::size_t N, class... More>
TINYDUAL_INLINE constexpr partials<T, N> map(F&& f, const partials<T, N>& a, const More&... more) {
    partials<T, N> r{};
    transform<T, partials<T, N>::padded_size, true>(r.data, f, a.data, more.data...);
    return r;
}

}  // namespace simd
}  // namespace tinydual
