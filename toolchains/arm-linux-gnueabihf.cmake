# 32-bit Arm Linux, hard-float ABI with NEON (Debian's armhf default has no NEON: -mfpu=neon
# turns it on; NEON is float x4 only, doubles stay scalar). Debian's g++-arm-linux-gnueabihf.
# Run the programs with qemu-arm -L /usr/arm-linux-gnueabihf (see ports/linux-arm).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-linux-gnueabihf-gcc)
set(CMAKE_CXX_COMPILER arm-linux-gnueabihf-g++)
set(CMAKE_C_FLAGS_INIT "-mfpu=neon -mfloat-abi=hard")
set(CMAKE_CXX_FLAGS_INIT "-mfpu=neon -mfloat-abi=hard")
set(CMAKE_FIND_ROOT_PATH /usr/arm-linux-gnueabihf)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
