# ARM MPS2/MPS3 boards as emulated by qemu-system-arm: TINYDUAL_BOARD names a line of boards.txt
# (mps2-an385 Cortex-M3, mps2-an386 Cortex-M4F, mps2-an500 Cortex-M7, mps2-an505 Cortex-M33,
# mps3-an547 Cortex-M55),
# which gives its QEMU machine, core and memory map. Included by the top-level CMakeLists.txt when
# TINYDUAL_PORT=mps2 (see CMakePresets.json), or by any firmware project that wants to run on one
# of these emulated boards; the compiler flags come from toolchains/cortex-*.cmake:
#   set(TINYDUAL_BOARD mps2-an386)
#   include(<tinydual>/ports/mps2/board.cmake)
set(TINYDUAL_BOARD_DIR ${CMAKE_CURRENT_LIST_DIR})
file(STRINGS ${CMAKE_CURRENT_LIST_DIR}/boards.txt _tinydual_mps2_lines REGEX "^[^# \t]")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/boards.txt)
set(_tinydual_mps2_names "")
set(_tinydual_mps2_row "")
foreach(_tinydual_mps2_line IN LISTS _tinydual_mps2_lines)
  string(REGEX REPLACE "[ \t]+" ";" _tinydual_mps2_fields "${_tinydual_mps2_line}")
  list(GET _tinydual_mps2_fields 0 _tinydual_mps2_name)
  list(APPEND _tinydual_mps2_names ${_tinydual_mps2_name})
  if(_tinydual_mps2_name STREQUAL "${TINYDUAL_BOARD}")
    set(_tinydual_mps2_row ${_tinydual_mps2_fields})
  endif()
endforeach()
list(LENGTH _tinydual_mps2_row _tinydual_mps2_length)
if(NOT _tinydual_mps2_length EQUAL 8)
  list(JOIN _tinydual_mps2_names ", " _tinydual_mps2_names)
  message(FATAL_ERROR "TINYDUAL_BOARD='${TINYDUAL_BOARD}': set it to a board of ${CMAKE_CURRENT_LIST_DIR}/boards.txt "
                      "(${_tinydual_mps2_names}), with all 8 columns")
endif()
list(GET _tinydual_mps2_row 1 _tinydual_mps2_cpu)
list(SUBLIST _tinydual_mps2_row 2 2 TINYDUAL_BOARD_FLASH)
list(SUBLIST _tinydual_mps2_row 4 2 TINYDUAL_BOARD_RAM)
list(GET _tinydual_mps2_row 6 TINYDUAL_BOARD_STACK)
set(TINYDUAL_BOARD_MACHINE ${TINYDUAL_BOARD})
set(TINYDUAL_BOARD_EMULATOR ${CMAKE_CURRENT_LIST_DIR}/run.sh ${TINYDUAL_BOARD})
# Our toolchain files name the core in TINYDUAL_ARM_CPU_FLAGS; code for another core may not run.
if(DEFINED TINYDUAL_ARM_CPU_FLAGS AND NOT "-mcpu=${_tinydual_mps2_cpu}" IN_LIST TINYDUAL_ARM_CPU_FLAGS)
  list(JOIN TINYDUAL_ARM_CPU_FLAGS " " _tinydual_mps2_flags)
  message(WARNING "${TINYDUAL_BOARD} has a ${_tinydual_mps2_cpu}; the toolchain compiles for ${_tinydual_mps2_flags}")
endif()
include(${CMAKE_CURRENT_LIST_DIR}/../common/picolibc-semihost.cmake)
