// tinydual/simd/xsimd_system.hpp: includes xsimd as a system header (its own code is not ours to
// warn about). Only simd/xsimd.hpp includes it. GCC 12's AVX-512 intrinsics read an
// uninitialised register on purpose (_mm512_undefined_pd), which -Wmaybe-uninitialized reports
// inside xsimd's math functions: off for xsimd's code.
#pragma once
#if defined(__GNUC__)
#  pragma GCC system_header
#endif
#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC diagnostic push
#  pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#  pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <xsimd/xsimd.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC diagnostic pop
#endif
