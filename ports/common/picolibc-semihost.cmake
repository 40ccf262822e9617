# Link settings and emulator for a QEMU Cortex-M board, shared by ports/<port>/board.cmake.
# picolibc brings the startup code (vector table, FPU enable, .data copy, .bss clear) and its
# linker script; the board gives the memory map through --defsym; semihosting gives stdout and
# exit codes. The board file sets, before including this file:
#   TINYDUAL_BOARD_MACHINE  QEMU machine name (qemu-system-arm -M ...)
#   TINYDUAL_BOARD_FLASH    address and size of flash
#   TINYDUAL_BOARD_RAM      address and size of RAM
#   TINYDUAL_BOARD_STACK    stack size
#   TINYDUAL_BOARD_EMULATOR the command that runs a program on the board (default: its run.sh)
# and gets link options for every executable after this point, and CMAKE_CROSSCOMPILING_EMULATOR
# (TINYDUAL_BOARD_EMULATOR) so that ctest runs test executables on the emulated board.
list(GET TINYDUAL_BOARD_FLASH 0 _flash)
list(GET TINYDUAL_BOARD_FLASH 1 _flash_size)
list(GET TINYDUAL_BOARD_RAM 0 _ram)
list(GET TINYDUAL_BOARD_RAM 1 _ram_size)
set(TINYDUAL_BOARD_LINK_OPTIONS
  --oslib=semihost --crt0=semihost
  "LINKER:--defsym=__flash=${_flash},--defsym=__flash_size=${_flash_size}"
  "LINKER:--defsym=__ram=${_ram},--defsym=__ram_size=${_ram_size},--defsym=__stack_size=${TINYDUAL_BOARD_STACK}")
add_link_options(${TINYDUAL_BOARD_LINK_OPTIONS})
if(NOT TINYDUAL_BOARD_EMULATOR)
  set(TINYDUAL_BOARD_EMULATOR ${TINYDUAL_BOARD_DIR}/run.sh)
endif()
set(CMAKE_CROSSCOMPILING_EMULATOR ${TINYDUAL_BOARD_EMULATOR})
