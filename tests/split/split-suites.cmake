# Test suites for boards too small for the whole suite (TINYDUAL_TEST_SPLIT, set by
# ports/microbit/board.cmake); included by tests/CMakeLists.txt in its directory scope.
#
# The doctest runner is compiled once. Each test source becomes one executable, or, when it has
# more than TINYDUAL_TEST_CASES_PER_EXECUTABLE test cases, several: tinydual_tests_<name>_<k>,
# each registering a consecutive run of the source's test cases (doctest-shard.hpp, forced in).
# With TINYDUAL_TEST_SPLIT_TYPES (ports/microbit), a shard holding one template test case becomes
# one executable per type of it: tinydual_tests_<name>_<k>_<type>. Every test case (and type) of
# every source runs exactly once. The test cases are found at configure time
# (tests/split/test-cases.awk), and a change to a source re-runs the split.
set(TINYDUAL_TEST_CASES_PER_EXECUTABLE 1 CACHE STRING
    "Small boards: at most this many doctest test cases per test executable")

add_library(tinydual_test_main OBJECT main.cpp)
target_link_libraries(tinydual_test_main PUBLIC tinydual::tinydual)
target_include_directories(tinydual_test_main SYSTEM PRIVATE ${TINYDUAL_DOCTEST_INCLUDE_DIR})
target_include_directories(tinydual_test_main PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_options(tinydual_test_main PRIVATE ${TINYDUAL_WARNINGS})
target_compile_definitions(tinydual_test_main PRIVATE ${TINYDUAL_TEST_DEFINITIONS})

# A board may link the test executables against a larger flash (TINYDUAL_TEST_LINK_FLASH_SIZE):
# its run.sh then skips (exit 77) any that does not fit the real board, and says why.
# Likewise for the stack: the test code is compiled with -fstack-usage and <program>.stack gets
# its largest static frame, which run.sh compares with the board's stack. A program that
# known-too-deep.txt lists for this port gets <program>.skip, the reason, and run.sh skips it.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/known-too-deep.txt)
file(STRINGS ${CMAKE_CURRENT_LIST_DIR}/known-too-deep.txt _too_deep_rows REGEX "^[^#]")
set(_too_deep_programs "")
foreach(_row IN LISTS _too_deep_rows)
  if(_row MATCHES "^([^ ]+) +([^ ]+) +(.+)$" AND CMAKE_MATCH_1 STREQUAL TINYDUAL_PORT)
    set(_too_deep_${CMAKE_MATCH_2} "${CMAKE_MATCH_3}")
    list(APPEND _too_deep_programs ${CMAKE_MATCH_2})
  endif()
endforeach()

function(_tinydual_small_board_test name)
  target_link_libraries(${name} PRIVATE tinydual_test_main)
  if(TINYDUAL_TEST_LINK_FLASH_SIZE)
    target_link_options(${name} PRIVATE "LINKER:--defsym=__flash_size=${TINYDUAL_TEST_LINK_FLASH_SIZE}")
  endif()
  target_compile_options(${name} PRIVATE -fstack-usage)
  add_custom_command(TARGET ${name} POST_BUILD
    COMMAND ${CMAKE_CURRENT_LIST_DIR}/max-stack.sh ${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/${name}.dir $<TARGET_FILE:${name}>.stack)
  set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77)
  set(_skip ${CMAKE_CURRENT_BINARY_DIR}/${name}${CMAKE_EXECUTABLE_SUFFIX}.skip)
  if(DEFINED _too_deep_${name})
    file(WRITE ${_skip} "${_too_deep_${name}}\n")
  else()
    file(REMOVE ${_skip})
  endif()
endfunction()

# The test cases of each source, from test-cases.awk: "<line> <count> <types>".
# With TINYDUAL_TEST_SPLIT_TYPES, a shard that holds a single TEST_CASE_TEMPLATE instantiated for
# several types becomes one executable per type (tinydual_tests_<name>_<k>_<type>, the shard header
# keeps the type at TDTEST_SHARD_TYPE_INDEX): a float and a double instantiation of a large test
# case each fit where both together do not.
option(TINYDUAL_TEST_SPLIT_TYPES "Small boards: one test executable per type of a template test case" OFF)
find_program(TINYDUAL_AWK NAMES awk mawk gawk REQUIRED)

# _tinydual_add_shard(<name> <source> <first line> <last line> <type count> <types>)
function(_tinydual_add_shard name src first last count types)
  set(_shard_defs ${TINYDUAL_TEST_DEFINITIONS} TDTEST_SHARD_FIRST_LINE=${first} TDTEST_SHARD_LAST_LINE=${last})
  set(_shard_opts -include ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/doctest-shard.hpp)
  if(TINYDUAL_TEST_SPLIT_TYPES AND count GREATER 1)
    string(REPLACE "|" ";" types "${types}")
    math(EXPR _last_type "${count} - 1")
    foreach(_t RANGE ${_last_type})
      list(GET types ${_t} _type)
      string(MAKE_C_IDENTIFIER "${_type}" _type)
      tinydual_add_suite(${name}_${_type} SOURCES ${src}
        DEFINITIONS ${_shard_defs} TDTEST_SHARD_TYPE_INDEX=${_t} OPTIONS ${_shard_opts})
      _tinydual_small_board_test(${name}_${_type})
    endforeach()
  else()
    tinydual_add_suite(${name} SOURCES ${src} DEFINITIONS ${_shard_defs} OPTIONS ${_shard_opts})
    _tinydual_small_board_test(${name})
  endif()
endfunction()

foreach(_src IN LISTS TINYDUAL_TEST_SOURCES TINYDUAL_TEST_SOURCES_MORE TINYDUAL_TEST_SOURCES_BATCH)
  if(_src STREQUAL "main.cpp")
    continue()
  endif()
  string(REGEX REPLACE "(\\.test)?\\.cpp$" "" _stem "${_src}")
  string(MAKE_C_IDENTIFIER "${_stem}" _stem)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${_src})
  execute_process(COMMAND ${TINYDUAL_AWK} -f ${CMAKE_CURRENT_LIST_DIR}/test-cases.awk ${CMAKE_CURRENT_SOURCE_DIR}/${_src}
                  OUTPUT_VARIABLE _hits RESULT_VARIABLE _awk_status)
  if(NOT _awk_status EQUAL 0)
    message(FATAL_ERROR "listing the test cases of ${_src} failed: ${_awk_status}")
  endif()
  string(REGEX REPLACE "\n$" "" _hits "${_hits}")
  string(REPLACE "\n" ";" _hits "${_hits}")
  set(_lines "")
  set(_counts "")
  set(_types "")
  foreach(_hit IN LISTS _hits)
    string(REPLACE " " ";" _fields "${_hit}")
    list(GET _fields 0 _l)
    list(GET _fields 1 _c)
    list(GET _fields 2 _t)
    list(APPEND _lines ${_l})
    list(APPEND _counts ${_c})
    list(APPEND _types "${_t}")
  endforeach()
  list(LENGTH _lines _cases)
  set(_per ${TINYDUAL_TEST_CASES_PER_EXECUTABLE})
  if(_cases LESS_EQUAL _per AND NOT (TINYDUAL_TEST_SPLIT_TYPES AND _cases EQUAL 1))
    tinydual_add_suite(tinydual_tests_${_stem} SOURCES ${_src} DEFINITIONS ${TINYDUAL_TEST_DEFINITIONS})
    _tinydual_small_board_test(tinydual_tests_${_stem})
    continue()
  endif()
  math(EXPR _shards "(${_cases} + ${_per} - 1) / ${_per}")
  math(EXPR _last_shard "${_shards} - 1")
  foreach(_k RANGE ${_last_shard})
    math(EXPR _first_index "${_k} * ${_per}")
    math(EXPR _next_index "${_first_index} + ${_per}")
    if(_k EQUAL 0)
      set(_first_line 1)
    else()
      list(GET _lines ${_first_index} _first_line)
    endif()
    if(_k EQUAL _last_shard)
      set(_last_line 2147483647)
    else()
      list(GET _lines ${_next_index} _last_line)
      math(EXPR _last_line "${_last_line} - 1")
    endif()
    # a shard of one test case may be split per type
    set(_count 0)
    set(_case_types "-")
    if(_per EQUAL 1)
      list(GET _counts ${_first_index} _count)
      list(GET _types ${_first_index} _case_types)
    endif()
    math(EXPR _n "${_k} + 1")
    _tinydual_add_shard(tinydual_tests_${_stem}_${_n} ${_src} ${_first_line} ${_last_line} ${_count} "${_case_types}")
  endforeach()
endforeach()

foreach(_program IN LISTS _too_deep_programs)
  if(NOT TARGET ${_program})
    message(WARNING "tests/split/known-too-deep.txt lists ${_program}, which this build does not make")
  endif()
endforeach()
