# ARM MPS2 AN505 (Cortex-M33, secure state) as emulated by qemu-system-arm: code in SSRAM1 (secure alias 0x10000000, 4 MiB), data in SSRAM2 (secure alias 0x38000000, 2 MiB used).
# Included by the top-level CMakeLists.txt when TINYDUAL_PORT=mps2-an505 (see CMakePresets.json), or by
# any firmware project that wants to run on this emulated board; the compiler flags come from
# toolchains/cortex-m33.cmake.
set(TINYDUAL_BOARD_DIR ${CMAKE_CURRENT_LIST_DIR})
set(TINYDUAL_BOARD_MACHINE mps2-an505)
set(TINYDUAL_BOARD_FLASH 0x10000000 0x400000)
set(TINYDUAL_BOARD_RAM 0x38000000 0x200000)
set(TINYDUAL_BOARD_STACK 0x40000)
include(${CMAKE_CURRENT_LIST_DIR}/../common/picolibc-semihost.cmake)
