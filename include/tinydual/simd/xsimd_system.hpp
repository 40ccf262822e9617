// tinydual/simd/xsimd_system.hpp: includes xsimd as a system header (its own code is not ours to
// warn about). Only simd/xsimd.hpp includes it.
#pragma once
#if defined(__GNUC__)
#  pragma GCC system_header
#endif
#include <xsimd/xsimd.hpp>
