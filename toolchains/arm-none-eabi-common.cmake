# Shared settings for bare-metal Arm Cortex-M with arm-none-eabi-gcc and picolibc.
#
#   # in a per-core file (cortex-m4f.cmake), then include this one:
#   set(TINYDUAL_ARM_CPU_FLAGS -mcpu=cortex-m4 -mfpu=fpv4-sp-d16 -mfloat-abi=hard)
#   include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)
#
# Compiler and code-generation flags only: the memory map, semihosting and the emulator belong to
# a board (ports/<port>/board.cmake), so this file drops into any firmware build. The C library
# comes in through a GCC specs file (picolibc by default; set ARM_NONE_EABI_SPECS to "" for none,
# or e.g. nano.specs for newlib-nano). Executables still need a memory layout from the firmware
# build: picolibc's linker script reads __flash, __flash_size, __ram, __ram_size (see ports/).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(ARM_NONE_EABI_PREFIX "arm-none-eabi-" CACHE STRING "Prefix of the bare-metal GCC tools")
set(ARM_NONE_EABI_SPECS "picolibcpp.specs" CACHE STRING "GCC specs file choosing the C library (empty: none)")
set(CMAKE_C_COMPILER ${ARM_NONE_EABI_PREFIX}gcc)
set(CMAKE_CXX_COMPILER ${ARM_NONE_EABI_PREFIX}g++)
set(CMAKE_ASM_COMPILER ${ARM_NONE_EABI_PREFIX}gcc)
# The compiler check must not link: there is no memory layout yet.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(_tinydual_arm_flags ${TINYDUAL_ARM_CPU_FLAGS} -mthumb -ffunction-sections -fdata-sections)
if(ARM_NONE_EABI_SPECS)
  list(APPEND _tinydual_arm_flags --specs=${ARM_NONE_EABI_SPECS})
endif()
list(JOIN _tinydual_arm_flags " " _tinydual_arm_flags)
set(CMAKE_C_FLAGS_INIT "${_tinydual_arm_flags}")
set(CMAKE_ASM_FLAGS_INIT "${_tinydual_arm_flags}")
set(CMAKE_CXX_FLAGS_INIT "${_tinydual_arm_flags} -fno-exceptions -fno-rtti")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,--gc-sections")
# picolibc and libstdc++ both define the long double math functions (sinl, ...; long double is
# double here): the driver searches libstdc++ first, which pulls its stubs, and a later sin from
# libc then clashes ("multiple definition of `sinl'"). Searching libc right after the program's
# own libraries lets libc's definitions win (-Wl,: the g++ driver moves a plain -lc after -lstdc++).
if(ARM_NONE_EABI_SPECS MATCHES "picolibc")
  set(CMAKE_CXX_STANDARD_LIBRARIES_INIT "-Wl,-lc")
endif()

# Host programs (emulators, nm) from the host; headers and libraries never from the host.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
