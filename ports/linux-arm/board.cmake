# Linux on Arm (aarch64-linux-gnu, arm-linux-gnueabihf) through QEMU user-mode emulation.
# Included by the top-level CMakeLists.txt when TINYDUAL_PORT=linux-arm (see CMakePresets.json);
# the compiler comes from toolchains/aarch64-linux-gnu.cmake or toolchains/arm-linux-gnueabihf.cmake.
# xsimd is staged next to doctest for the tests, so they run on the NEON backend.
set(TINYDUAL_BOARD_DIR ${CMAKE_CURRENT_LIST_DIR})
set(TINYDUAL_STAGE_XSIMD ON)
set(CMAKE_CROSSCOMPILING_EMULATOR ${TINYDUAL_BOARD_DIR}/run.sh)
