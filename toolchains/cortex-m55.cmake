# Cortex-M55 (ARMv8.1-M Mainline) with Helium (MVE, integer and float) and the FPU
# (fp-armv8 with double precision), hard-float ABI: tinydual picks its Helium backend.
set(TINYDUAL_ARM_CPU_FLAGS -mcpu=cortex-m55 -mfloat-abi=hard)
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)
