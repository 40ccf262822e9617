# Compiles the README's first example and by_value.cpp with COMPILER and FLAGS (comma-separated) under
# the strict warning set and fails on any diagnostic line (error, warning or note) at all.
# cmake -DCOMPILER=... -DFLAGS=... -DTOP=<source dir> -DWORK=<dir> -P check.cmake
string(REPLACE "," ";" FLAGS "${FLAGS}")
file(READ ${TOP}/README.md readme)
string(FIND "${readme}" "```cpp\n" start)
if(start LESS 0)
  message(FATAL_ERROR "README.md has no ```cpp example")
endif()
math(EXPR start "${start} + 7")
string(SUBSTRING "${readme}" ${start} -1 rest)
string(FIND "${rest}" "```" stop)
string(SUBSTRING "${rest}" 0 ${stop} example)
file(MAKE_DIRECTORY ${WORK})
file(WRITE ${WORK}/readme_example.cpp "${example}")

set(warnings -Wall -Wextra -Wpedantic -Wconversion -Wdouble-promotion -Wshadow)
foreach(src ${WORK}/readme_example.cpp ${TOP}/tests/consumers/quiet/by_value.cpp)
  execute_process(COMMAND ${COMPILER} -std=c++17 -O2 ${warnings} ${FLAGS} -I${TOP}/include -c ${src}
                          -o ${WORK}/quiet.o
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(REGEX MATCHALL "(error|warning|note):" diagnostics "${out}${err}")
  list(LENGTH diagnostics n)
  if(NOT rc EQUAL 0 OR n GREATER 0)
    message(FATAL_ERROR "${src}: exit ${rc}, ${n} diagnostics with ${COMPILER} ${FLAGS}:\n${err}")
  endif()
  message(STATUS "${src}: no diagnostics")
endforeach()
