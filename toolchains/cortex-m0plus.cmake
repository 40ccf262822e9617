# Cortex-M0+ (ARMv6-M), software floating point.
set(TINYDUAL_ARM_CPU_FLAGS -mcpu=cortex-m0plus -mfloat-abi=soft)
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)
