// tinydual/simd/storage.hpp: "N values of T with element-wise arithmetic", the one storage
// abstraction behind dual partials and vec/mat element-wise operations, and the one point where
// a backend is chosen (config.hpp says which: TINYDUAL_BACKEND_MVE, TINYDUAL_BACKEND_XSIMD).
//
//   simd::partials<double, 5> g = simd::partials<double, 5>::unit(2);   // (0, 0, 1, 0, 0)
//   g = simd::map([](auto x) { return x * 2.0; }, g);                  // batches or scalars
//   double g2 = g[2];                                                  // 2.0
//
// Backends: simd/plain.hpp (always there; the only one for element types such as a nested dual),
// simd/mve.hpp (Helium q registers, Cortex-M55/M85) and simd/xsimd.hpp (xsimd batches). A kernel is written once as a generic lambda
// called with whole batches or with single elements, so every backend computes the same formula.
// The storage is padded to whole registers; padding lanes start at zero and are never read back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

#include "../config.hpp"
#include "../detail/traits.hpp"
#include "plain.hpp"
#if TINYDUAL_BACKEND_MVE
#  include "mve.hpp"
#elif TINYDUAL_BACKEND_XSIMD
#  include "xsimd.hpp"
#endif

namespace tinydual {
namespace simd {

#if TINYDUAL_BACKEND_MVE
namespace backend = mve_backend;
#elif TINYDUAL_BACKEND_XSIMD
namespace backend = xsimd_backend;
#else
namespace backend = plain_backend;
#endif

/// The register layout of Len elements of T: width (1: plain elements), batch type, alignment.
template <class T, std::size_t Len>
using layout = backend::layout<T, Len>;

/// True when Len elements of T are processed with SIMD registers.
template <class T, std::size_t Len>
constexpr bool is_vectorized = layout<T, Len>::width > 1;

/// Name of the backend compiled in ("mve", "xsimd" or "plain"), for reports and tests.
constexpr const char* backend_name() noexcept { return backend::name; }

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

namespace detail {
template <bool Aligned, class B, class T, class F, class... In>
TINYDUAL_INLINE void transform_register(std::size_t i, T* out, F& f, const In*... in) {
    backend::store<Aligned>(out + i, f(backend::load<B, Aligned>(in + i)...));
}
template <class T, class F, class... In>
TINYDUAL_INLINE void transform_element(std::size_t i, T* out, F& f, const In*... in) {
    out[i] = f(in[i]...);
}
template <class T, class F, std::size_t... I, class... In>
TINYDUAL_INLINE void transform_elements(T* out, F& f, std::index_sequence<I...>, const In*... in) {
    (transform_element(I, out, f, in...), ...);
}
template <bool Aligned, class B, class T, class F, std::size_t... I, class... In>
TINYDUAL_INLINE void transform_unrolled(T* out, F& f, std::index_sequence<I...>, const In*... in) {
    (transform_register<Aligned, B>(I * B::size, out, f, in...), ...);
}
}  // namespace detail

/// out[i] = f(in[i]...) for i < Len over raw arrays, whole registers first, then a scalar tail.
/// Aligned = true promises that every pointer is aligned as partials<T, Len> is
/// (layout<T, Len>::alignment) and Len is a multiple of its width (as in partials): aligned
/// register accesses where that alignment is a whole register's (layout::aligned_access),
/// unaligned ones where the target cannot promise as much (32-bit Arm). Debug builds check it.
template <class T, std::size_t Len, bool Aligned = false, class F, class... In>
TINYDUAL_INLINE constexpr void transform(T* out, F&& f, const In*... in) {
    if (tinydual::detail::is_constant_evaluated()) {  // a constant expression: element by element
        for (std::size_t i = 0; i < Len; ++i) out[i] = f(in[i]...);
        return;
    }
    using L = layout<T, Len>;
    constexpr std::size_t whole = L::width > 1 ? Len / L::width * L::width : 0;  // in whole registers
    if constexpr (L::width > 1) {
        using B = typename L::batch;
        constexpr bool aligned = Aligned && L::aligned_access;
        static_assert(!Aligned || Len % L::width == 0, "tinydual: an aligned transform covers whole registers");
        if constexpr (Aligned) {
            TINYDUAL_ASSERT(is_aligned_at_run_time(out, L::alignment));
            TINYDUAL_ASSERT((is_aligned_at_run_time(in, L::alignment) && ...));
        }
        if constexpr (whole > 0 && whole / L::width <= backend::unrolled_registers)
            detail::transform_unrolled<aligned, B>(out, f, std::make_index_sequence<whole / L::width>{}, in...);
        else
            for (std::size_t i = 0; i < whole; i += L::width)
                backend::store<aligned>(out + i, f(backend::load<B, aligned>(in + i)...));
    }
    if constexpr (whole < Len) {
        // (lanes of batched numbers: each element is a whole register, straight-line up to 16)
        if constexpr (L::width == 1 && ((std::is_arithmetic<T>::value && Len <= backend::unrolled_registers) ||
                                        (tinydual::detail::is_lanes<T>::value && Len <= 16)))
            detail::transform_elements(out, f, std::make_index_sequence<Len>{}, in...);
        else
            for (std::size_t i = whole; i < Len; ++i) out[i] = f(in[i]...);
    }
}

namespace detail {
template <bool Aligned, class B, class T, std::size_t... I>
TINYDUAL_INLINE void store_each(T* out, const B& b, std::index_sequence<I...>) {
    (backend::store<Aligned>(out + I * B::size, b), ...);
}
template <class T, std::size_t... I>
TINYDUAL_INLINE void assign_each(T* out, const T& x, std::index_sequence<I...>) {
    ((out[I] = x), ...);
}
}  // namespace detail

/// out[k] = x for k < Len over an array aligned for layout<T, Len>, Len a multiple of its width.
/// Up to 64 stores are straight-line code: a loop of stores becomes a call to memset, which costs
/// more than the stores and makes the caller spill every vector register it holds.
template <class T, std::size_t Len>
TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR void fill(T* out, const T& x) {
#if TINYDUAL_CONSTEXPR_NUMBERS
    if (tinydual::detail::is_constant_evaluated()) {
        for (std::size_t k = 0; k < Len; ++k) out[k] = x;
        return;
    }
#endif
    using L = layout<T, Len>;
    if constexpr (L::width > 1) {
        using B = typename L::batch;
        const B b(x);
        TINYDUAL_ASSERT(is_aligned_at_run_time(out, L::alignment));
        if constexpr (Len / L::width <= 64) {
            detail::store_each<L::aligned_access>(out, b, std::make_index_sequence<Len / L::width>{});
        } else {
            for (std::size_t k = 0; k < Len; k += L::width) backend::store<L::aligned_access>(out + k, b);
        }
    } else if constexpr (Len <= 64) {
        detail::assign_each(out, x, std::make_index_sequence<Len>{});
    } else {
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
        if (tinydual::detail::is_constant_evaluated()) {
            partials p{};
            return p;
        }
        return zero_at_run_time();
    }
    /// The i-th unit vector: seeds variable i.
    TINYDUAL_INLINE static constexpr partials unit(std::size_t i) {
        TINYDUAL_ASSERT(i < N);
        if (tinydual::detail::is_constant_evaluated()) {
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
    // Every lane written once from a formula the compiler folds or vectorizes: a zero-fill then a
    // single store makes the next register load wait for a store it cannot forward.
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

/// out[i] = f(a[i], b[i], ...) over all partials, padding included (batches on a SIMD backend).
/// out may be one of the inputs: each register is read before it is written.
template <class F, class T, std::size_t N, class... More>
TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR void map_to(partials<T, N>& out, F&& f, const partials<T, N>& a, const More&... more) {
    transform<T, partials<T, N>::padded_size, true>(out.data, f, a.data, more.data...);
}

/// acc[i] = p[i] * 0 + acc[i] over whole registers: a zero acc stays zero while every p[i] is
/// finite, and becomes NaN in a lane where one is +-inf or NaN.
template <class T, std::size_t N>
TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR void absorb_nonfinite(partials<T, N>& acc, const partials<T, N>& p) {
#if TINYDUAL_CONSTEXPR_NUMBERS
    if (tinydual::detail::is_constant_evaluated()) {  // (no NaN may arise in a constant expression)
        constexpr T inf = std::numeric_limits<T>::infinity();
        for (std::size_t i = 0; i < partials<T, N>::padded_size; ++i)
            if (!(p.data[i] > -inf && p.data[i] < inf)) acc.data[i] = T(1);
        return;
    }
#endif
    map_to(acc, [](const auto& a, const auto& x) TINYDUAL_KERNEL {
        using X = std::decay_t<decltype(x)>;
        return madd(x, broadcast<X>(T(0)), a);
    }, acc, p);
}
/// True when every element of acc, padding included, is zero: for an acc that absorb_nonfinite
/// filled, when no +-inf or NaN was absorbed (its registers summed, then one test).
template <class T, std::size_t N>
TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR bool none_absorbed(const partials<T, N>& acc) {
#if TINYDUAL_CONSTEXPR_NUMBERS
    if (tinydual::detail::is_constant_evaluated()) {
        for (std::size_t i = 0; i < partials<T, N>::padded_size; ++i)
            if (!(acc.data[i] == T(0))) return false;
        return true;
    }
#endif
    using L = layout<T, N>;
    using B = typename L::batch;
    B sum = backend::load<B, L::aligned_access>(acc.data);
    for (std::size_t i = L::width; i < partials<T, N>::padded_size; i += L::width)
        sum = sum + backend::load<B, L::aligned_access>(acc.data + i);
    return all_zero(sum);
}

/// r[i] = f(a[i], b[i], ...) over all partials; every lane of r is written once (no zero-fill).
template <class F, class T, std::size_t N, class... More>
TINYDUAL_INLINE TINYDUAL_NUMBER_CONSTEXPR partials<T, N> map(F&& f, const partials<T, N>& a, const More&... more) {
    partials<T, N> r;
    map_to(r, f, a, more...);
    return r;
}

}  // namespace simd
}  // namespace tinydual
