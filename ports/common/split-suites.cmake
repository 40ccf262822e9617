# Test suites for boards too small for the whole suite (TINYDUAL_TEST_SPLIT, set by
# ports/microbit/board.cmake); included by tests/CMakeLists.txt in its directory scope.
#
# The doctest runner is compiled once. Each test source becomes one executable, or, when it has
# more than TINYDUAL_TEST_CASES_PER_EXECUTABLE test cases, several: tinydual_tests_<name>_<k>,
# each registering a consecutive run of the source's test cases (doctest-shard.hpp, forced in).
# Every test case of every source runs exactly once; nothing is skipped. The test cases are found
# by their macros at configure time, and a change to a source re-runs the split.
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
# its largest static frame, which run.sh compares with the board's stack.
function(_tinydual_small_board_test name)
  target_link_libraries(${name} PRIVATE tinydual_test_main)
  if(TINYDUAL_TEST_LINK_FLASH_SIZE)
    target_link_options(${name} PRIVATE "LINKER:--defsym=__flash_size=${TINYDUAL_TEST_LINK_FLASH_SIZE}")
  endif()
  target_compile_options(${name} PRIVATE -fstack-usage)
  add_custom_command(TARGET ${name} POST_BUILD
    COMMAND ${CMAKE_CURRENT_LIST_DIR}/max-stack.sh ${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/${name}.dir $<TARGET_FILE:${name}>.stack)
  set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77)
endfunction()

set(_tinydual_case_regex "^[ \t]*(DOCTEST_)?(TEST_CASE|TEST_CASE_TEMPLATE|TEST_CASE_FIXTURE|TEST_CASE_CLASS|TEST_CASE_TEMPLATE_INVOKE|TEST_CASE_TEMPLATE_APPLY|SCENARIO|SCENARIO_CLASS|SCENARIO_TEMPLATE)[ \t]*\\(")
foreach(_src IN LISTS TINYDUAL_TEST_SOURCES)
  if(_src STREQUAL "main.cpp")
    continue()
  endif()
  string(REGEX REPLACE "(\\.test)?\\.cpp$" "" _stem "${_src}")
  string(MAKE_C_IDENTIFIER "${_stem}" _stem)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${_src})
  # Line numbers of the test-case macros.
  execute_process(COMMAND grep -nE "${_tinydual_case_regex}" ${CMAKE_CURRENT_SOURCE_DIR}/${_src}
                  OUTPUT_VARIABLE _hits RESULT_VARIABLE _grep_status)
  string(REGEX MATCHALL "(^|\n)[0-9]+:" _lines "${_hits}")
  list(TRANSFORM _lines REPLACE "[\n:]" "")
  list(LENGTH _lines _cases)
  set(_per ${TINYDUAL_TEST_CASES_PER_EXECUTABLE})
  if(_cases LESS_EQUAL _per)
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
    math(EXPR _n "${_k} + 1")
    set(_name tinydual_tests_${_stem}_${_n})
    tinydual_add_suite(${_name} SOURCES ${_src}
      DEFINITIONS ${TINYDUAL_TEST_DEFINITIONS} TDTEST_SHARD_FIRST_LINE=${_first_line} TDTEST_SHARD_LAST_LINE=${_last_line}
      OPTIONS -include ${CMAKE_CURRENT_LIST_DIR}/doctest-shard.hpp)
    _tinydual_small_board_test(${_name})
  endforeach()
endforeach()
