// tinydual/config.hpp: version, assertions, storage-backend selection and compiler macros.
//
//   #define TINYDUAL_BACKEND_PLAIN 1   // before any tinydual header: never use xsimd
//   #include <tinydual/tinydual.hpp>
//   static_assert(TINYDUAL_VERSION_MAJOR == 0);
#pragma once

#define TINYDUAL_VERSION_MAJOR 0
#define TINYDUAL_VERSION_MINOR 1
#define TINYDUAL_VERSION_PATCH 0

// TINYDUAL_ASSERT(cond): checked in debug builds (NDEBUG not defined) or when
// TINYDUAL_ENABLE_ASSERT is 1. A failed check calls TINYDUAL_ASSERT_HANDLER(expr, file, line),
// which defaults to __builtin_trap(): no exceptions, no iostream, no heap.
#ifndef TINYDUAL_ENABLE_ASSERT
#  ifdef NDEBUG
#    define TINYDUAL_ENABLE_ASSERT 0
#  else
#    define TINYDUAL_ENABLE_ASSERT 1
#  endif
#endif
#ifndef TINYDUAL_ASSERT_HANDLER
#  define TINYDUAL_ASSERT_HANDLER(expr, file, line) __builtin_trap()
#endif
#if TINYDUAL_ENABLE_ASSERT
#  define TINYDUAL_ASSERT(cond) ((cond) ? static_cast<void>(0) : [] { TINYDUAL_ASSERT_HANDLER(#cond, __FILE__, __LINE__); }())
#else
#  define TINYDUAL_ASSERT(cond) static_cast<void>(0)
#endif

// Storage backend for the partial derivatives.
//   TINYDUAL_BACKEND_PLAIN = 1 forces plain arrays (the compiler may still auto-vectorize).
//   Otherwise Helium (simd/mve.hpp) where the target has MVE with floating point (Cortex-M55 and
//   M85: -mcpu=cortex-m55, or +mve.fp); TINYDUAL_BACKEND_MVE = 0 turns it off.
//   Otherwise xsimd is used when <xsimd/xsimd.hpp> is reachable and xsimd knows an
//   architecture for this target (SSE2/AVX/AVX-512 on x86, NEON on ARM); Cortex-M has none.
// TINYDUAL_BACKEND_MVE and TINYDUAL_BACKEND_XSIMD are defined to 1 or 0 to tell which one was
// chosen (both 0: plain arrays).
#ifndef TINYDUAL_BACKEND_PLAIN
#  define TINYDUAL_BACKEND_PLAIN 0
#endif
#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 2)
#  define TINYDUAL_DETAIL_HAS_MVE_FP 1
#else
#  define TINYDUAL_DETAIL_HAS_MVE_FP 0
#endif
#ifndef TINYDUAL_BACKEND_MVE
#  if TINYDUAL_DETAIL_HAS_MVE_FP && !TINYDUAL_BACKEND_PLAIN
#    define TINYDUAL_BACKEND_MVE 1
#  else
#    define TINYDUAL_BACKEND_MVE 0
#  endif
#endif
#if TINYDUAL_BACKEND_MVE && !TINYDUAL_DETAIL_HAS_MVE_FP
#  error "tinydual: TINYDUAL_BACKEND_MVE=1 needs a target with Helium floating point (-mcpu=cortex-m55, or -march=armv8.1-m.main+mve.fp)"
#endif
#if TINYDUAL_BACKEND_MVE && TINYDUAL_BACKEND_PLAIN
#  error "tinydual: TINYDUAL_BACKEND_MVE=1 and TINYDUAL_BACKEND_PLAIN=1 ask for two backends: define one of them"
#endif
#undef TINYDUAL_DETAIL_HAS_MVE_FP
#if !TINYDUAL_BACKEND_PLAIN && !TINYDUAL_BACKEND_MVE && defined(__has_include)
#  if __has_include(<xsimd/config/xsimd_config.hpp>)
// Only the configuration header first: the full header does not compile on bare-metal C
// libraries (no posix_memalign), and there is nothing to gain where no SIMD exists.
#    include <xsimd/config/xsimd_config.hpp>
#    if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
#      define TINYDUAL_BACKEND_XSIMD 1
#    endif
#  endif
#endif
#ifndef TINYDUAL_BACKEND_XSIMD
#  define TINYDUAL_BACKEND_XSIMD 0
#endif

// TINYDUAL_SAFE_TWO_PASSES: 1 where drivers evaluate a generic f under the default safe_policy in
// two passes (detail/driver.hpp: ieee rules first, the safe rules again only where a derivative
// is not finite), 0 for one pass with the safe rules. Two passes run the unguarded code at the
// cost of f compiled twice (the second copy out of line), so the default is 1 where the
// partials are xsimd registers and 0 on Cortex-M, plain arrays or Helium (code size first).
#ifndef TINYDUAL_SAFE_TWO_PASSES
#  define TINYDUAL_SAFE_TWO_PASSES TINYDUAL_BACKEND_XSIMD
#endif

// Compiler macros, every one of them here:
//   TINYDUAL_INLINE    always inlined (the element-wise kernels: their loops must see the caller's sizes)
//   TINYDUAL_NOINLINE  never inlined
//   TINYDUAL_COLD      a rarely taken path (a non-finite derivative factor), kept out of line
//   TINYDUAL_LIKELY(c) the branch laid out as the fall-through
//   TINYDUAL_KERNEL    after a kernel lambda's parameters: always inlined into the register loop
//                      that calls it, with SIMD registers (a call there passes every register
//                      through memory, and GCC's choice depends on the size of the whole
//                      translation unit); the compiler's choice with plain arrays (code size)
//   TINYDUAL_DRIVER    before a driver's or its plumbing's declaration: inlined into the caller in
//                      the same cases, so that results stay in registers
#if defined(__GNUC__) || defined(__clang__)
#  define TINYDUAL_INLINE inline __attribute__((always_inline))
#  define TINYDUAL_NOINLINE __attribute__((noinline))
#  define TINYDUAL_COLD __attribute__((noinline, cold))
#  define TINYDUAL_LIKELY(c) __builtin_expect(!!(c), 1)
#  if TINYDUAL_BACKEND_XSIMD || TINYDUAL_BACKEND_MVE
#    define TINYDUAL_KERNEL __attribute__((always_inline))
#    define TINYDUAL_FLATTEN inline __attribute__((always_inline, flatten))
#    define TINYDUAL_DRIVER __attribute__((always_inline))
#  endif
#else
#  define TINYDUAL_INLINE inline
#  define TINYDUAL_NOINLINE
#  define TINYDUAL_COLD
#  define TINYDUAL_LIKELY(c) (c)
#endif
#ifndef TINYDUAL_KERNEL
#  define TINYDUAL_KERNEL
#  define TINYDUAL_FLATTEN inline
#  define TINYDUAL_DRIVER
#endif

// TINYDUAL_CONSTEXPR_NUMBERS = 1 (C++20): dual and hyper_dual arithmetic and the drivers become
// usable in constant expressions. Off by default: then their code is exactly what it is without
// the option (constexpr function templates are instantiated early, which moves GCC's vectorisation
// of some Hessian kernels by a few percent either way). C++20 because the operations build their
// results in uninitialised storage, which a C++17 constexpr function may not do (P1331).
// TINYDUAL_NUMBER_CONSTEXPR is constexpr with the option, nothing without.
#ifndef TINYDUAL_CONSTEXPR_NUMBERS
#  define TINYDUAL_CONSTEXPR_NUMBERS 0
#endif
#if TINYDUAL_CONSTEXPR_NUMBERS
#  if __cplusplus < 202002L
#    error "tinydual: TINYDUAL_CONSTEXPR_NUMBERS=1 needs C++20 (-std=c++20): C++17 constant evaluation cannot build numbers in uninitialised storage"
#  endif
#  define TINYDUAL_NUMBER_CONSTEXPR constexpr
#else
#  define TINYDUAL_NUMBER_CONSTEXPR
#endif

namespace tinydual {
namespace detail {
/// True while the compiler evaluates a constant expression (C++20's std::is_constant_evaluated,
/// a builtin of GCC >= 9, Clang >= 9 and MSVC >= 19.25 in C++17); elsewhere always true, so the
/// constexpr-friendly code also runs at run time.
TINYDUAL_INLINE constexpr bool is_constant_evaluated() noexcept {
#if (defined(__GNUC__) && __GNUC__ >= 9) || defined(__clang__) || (defined(_MSC_VER) && _MSC_VER >= 1925)
    return __builtin_is_constant_evaluated();
#else
    return true;
#endif
}
}  // namespace detail
}  // namespace tinydual
