# ARM MPS2 AN385 (Cortex-M3) as emulated by qemu-system-arm: 4 MiB flash at 0x0, 4 MiB SRAM at 0x20000000.
# Included by the top-level CMakeLists.txt when TINYDUAL_PORT=mps2-an385 (see CMakePresets.json), or by
# any firmware project that wants to run on this emulated board; the compiler flags come from
# toolchains/cortex-m3.cmake.
set(TINYDUAL_BOARD_DIR ${CMAKE_CURRENT_LIST_DIR})
set(TINYDUAL_BOARD_MACHINE mps2-an385)
set(TINYDUAL_BOARD_FLASH 0x0 0x400000)
set(TINYDUAL_BOARD_RAM 0x20000000 0x400000)
set(TINYDUAL_BOARD_STACK 0x40000)
include(${CMAKE_CURRENT_LIST_DIR}/../common/picolibc-semihost.cmake)
