// Deliberately bad: a double computation and a double libm call in the float-only image, so
// that the check is seen to fail.
#include <cmath>

extern "C" void tdfw_inject() {
    volatile double x = 0.5;
    x = std::sin(x) * 3.0;
}
