# Compiles one source that must NOT compile, and checks that the compiler's first error is the
# expected sentence. Run as: cmake -DCXX=... -DINCLUDE=... -DSOURCE=... -DEXPECT=... [-DSYSTEM_INCLUDE=dir] -P check.cmake
set(extra "")
if(SYSTEM_INCLUDE)
  set(extra -isystem ${SYSTEM_INCLUDE})
endif()
execute_process(
  COMMAND ${CXX} -std=c++17 -fsyntax-only -I${INCLUDE} ${extra} ${SOURCE}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but it must be rejected")
endif()
string(FIND "${out}${err}" "${EXPECT}" pos)
if(pos EQUAL -1)
  message(FATAL_ERROR "${SOURCE} was rejected, but without the message \"${EXPECT}\":\n${err}")
endif()
# The first error is tinydual's own (a static_assert or #error of the library, whose message or
# instantiation context holds the expected text), and at most 3 errors (the misuse and two more)
# are printed.
string(REPLACE ";" "," output "${out}${err}")  # a message's ';' would split CMake's list
string(REGEX MATCHALL "[^\n]*error: [^\n]*" errors "${output}")
list(LENGTH errors count)
list(GET errors 0 first)
string(FIND "${first}" "tinydual" first_pos)
if(first_pos EQUAL -1)
  message(FATAL_ERROR "${SOURCE}: the first error is not tinydual's message:\n${first}")
endif()
if(count GREATER 3)
  message(FATAL_ERROR "${SOURCE}: ${count} errors, at most 3 allowed:\n${err}")
endif()
message(STATUS "rejected with: ${EXPECT} (${count} errors)")
