# Cortex-M33 (ARMv8-M Mainline), single-precision FPU fpv5-sp-d16, hard-float ABI.
set(TINYDUAL_ARM_CPU_FLAGS -mcpu=cortex-m33 -mfpu=fpv5-sp-d16 -mfloat-abi=hard)
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)
