# Cortex-M4F (ARMv7E-M), single-precision FPU fpv4-sp-d16, hard-float ABI.
set(TINYDUAL_ARM_CPU_FLAGS -mcpu=cortex-m4 -mfpu=fpv4-sp-d16 -mfloat-abi=hard)
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)
