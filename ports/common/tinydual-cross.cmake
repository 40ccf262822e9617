# Cross builds of tinydual's own tests and demo (TINYDUAL_PORT set), after
# ports/<port>/board.cmake. Included by the top-level CMakeLists.txt.
#
# Cross compilers do not search the host's /usr/include, and adding it to the include path breaks
# them (glibc's headers come along): stage just doctest/ (and xsimd/ where the target has SIMD)
# into the build tree and use that directory. xsimd's CMake package is not found by cross builds,
# so the headers are taken from the host include directory directly.
set(TINYDUAL_HOST_INCLUDE_DIR /usr/include CACHE PATH "Host directory holding doctest/ (and xsimd/) to stage for cross builds")
set(TINYDUAL_STAGED_INCLUDE_DIR ${CMAKE_BINARY_DIR}/staged-include)
set(_tinydual_staged doctest)
if(TINYDUAL_STAGE_XSIMD)
  list(APPEND _tinydual_staged xsimd)
endif()
foreach(_name IN LISTS _tinydual_staged)
  if(NOT IS_DIRECTORY ${TINYDUAL_HOST_INCLUDE_DIR}/${_name})
    message(FATAL_ERROR "${TINYDUAL_HOST_INCLUDE_DIR}/${_name} not found: install the Debian packages in .ci/install-deps, or set TINYDUAL_HOST_INCLUDE_DIR")
  endif()
  file(COPY ${TINYDUAL_HOST_INCLUDE_DIR}/${_name} DESTINATION ${TINYDUAL_STAGED_INCLUDE_DIR})
endforeach()
if(NOT TINYDUAL_DOCTEST_INCLUDE_DIR)
  set(TINYDUAL_DOCTEST_INCLUDE_DIR ${TINYDUAL_STAGED_INCLUDE_DIR} CACHE PATH "doctest include directory" FORCE)
endif()

if(CMAKE_SYSTEM_NAME STREQUAL "Generic")
  # doctest on bare metal: no signals, no threads, no terminal colours. Without exceptions
  # (-fno-exceptions is detected) a failed REQUIRE ends the program instead of the test case.
  set(TINYDUAL_TEST_DEFINITIONS DOCTEST_CONFIG_NO_POSIX_SIGNALS DOCTEST_CONFIG_NO_MULTITHREADING DOCTEST_CONFIG_COLORS_NONE
      DOCTEST_CONFIG_NO_EXCEPTIONS_BUT_WITH_ALL_ASSERTS)
endif()
