# Cortex-M7 (ARMv7E-M), double-precision FPU fpv5-d16, hard-float ABI.
set(TINYDUAL_ARM_CPU_FLAGS -mcpu=cortex-m7 -mfpu=fpv5-d16 -mfloat-abi=hard)
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)
