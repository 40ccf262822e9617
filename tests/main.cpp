// The doctest runner for every suite. Firmware builds (no exceptions, no signals, no threads)
// set the DOCTEST_CONFIG_* switches through the suite's definitions.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
