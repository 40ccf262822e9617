// bench/hand.bench.cpp: the hand-written derivatives of bench/workloads.hpp, timed the same way.
#include "common.hpp"

namespace {
[[maybe_unused]] const bool registered = [] {
    bench::add_first_order<bench::hand_impl>();
    bench::add_second_order<bench::hand_impl>();
    return true;
}();
}  // namespace
