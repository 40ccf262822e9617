# Compiles one source that must NOT compile, and checks that the compiler's message contains the
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
message(STATUS "rejected with: ${EXPECT}")
