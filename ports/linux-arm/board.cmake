# Linux on Arm (aarch64-linux-gnu, arm-linux-gnueabihf) through QEMU user-mode emulation.
# Included by the top-level CMakeLists.txt when TINYDUAL_PORT=linux-arm (see CMakePresets.json);
# the compiler comes from toolchains/aarch64-linux-gnu.cmake or toolchains/arm-linux-gnueabihf.cmake.
# xsimd is staged next to doctest for the tests, so they run on the NEON backend.
set(TINYDUAL_BOARD_DIR ${CMAKE_CURRENT_LIST_DIR})
set(TINYDUAL_STAGE_XSIMD ON)
set(CMAKE_CROSSCOMPILING_EMULATOR ${TINYDUAL_BOARD_DIR}/run.sh)
# GCC's -Wpsabi notes on 32-bit Arm ("parameter passing ... changed to match C++14 in GCC 10.1")
# concern linking with code built by GCC older than 10.1, which this build never does; they
# filled the CI log with thousands of lines.
if(CMAKE_SYSTEM_PROCESSOR STREQUAL "arm")
  add_compile_options(-Wno-psabi)
endif()
