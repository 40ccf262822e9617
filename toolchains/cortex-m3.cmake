# Cortex-M3 (ARMv7-M), software floating point.
set(TINYDUAL_ARM_CPU_FLAGS -mcpu=cortex-m3 -mfloat-abi=soft)
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)
