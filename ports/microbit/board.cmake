# BBC micro:bit v1 (nRF51822, a Cortex-M0 that runs Cortex-M0+ code) as emulated by qemu-system-arm: 256 KiB flash at 0x0, 16 KiB RAM at 0x20000000.
# Included by the top-level CMakeLists.txt when TINYDUAL_PORT=microbit (see CMakePresets.json), or by
# any firmware project that wants to run on this emulated board; the compiler flags come from
# toolchains/cortex-m0plus.cmake.
set(TINYDUAL_BOARD_DIR ${CMAKE_CURRENT_LIST_DIR})
set(TINYDUAL_BOARD_MACHINE microbit)
set(TINYDUAL_BOARD_FLASH 0x0 0x40000)
set(TINYDUAL_BOARD_RAM 0x20000000 0x4000)
set(TINYDUAL_BOARD_STACK 0x1000)
include(${CMAKE_CURRENT_LIST_DIR}/../common/picolibc-semihost.cmake)
# 256 KiB flash and 16 KiB RAM hold the doctest runner (about 180 KiB with libstdc++'s streams)
# and a few test cases at a time, not the whole suite: tests/CMakeLists.txt then splits the suite
# (tests/split/split-suites.cmake). The split test executables link against a larger flash so
# that one that is still too big builds anyway; run.sh then skips it, saying how much flash it
# needs, instead of running it (exit status 77, ctest reports it as skipped).
# A template test case instantiated for float and double becomes one executable per type: a
# double instantiation alone often still fits where both together do not.
set(TINYDUAL_TEST_SPLIT ON)
set(TINYDUAL_TEST_SPLIT_TYPES ON)
set(TINYDUAL_TEST_LINK_FLASH_SIZE 0x100000)
