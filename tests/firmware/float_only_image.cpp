// Float stays float: a firmware image that differentiates float code only (reference kernels,
// every math function, vec/mat) and must call no double-precision helper (__aeabi_d*, __aeabi_f2d)
// and no double libm function (sin as opposed to sinf). check-symbols.sh float-only checks its
// symbol table; bad_double.cpp makes the variant that the check must reject. Exit status 0 when
// every derivative matches central differences.
#include "image.hpp"

int main() {
    int bad = tdfw::check_kernels() + tdfw::check_all<float>() + tdfw::check_solvers<float>();
    if (tdfw_inject) tdfw_inject();
    return bad == 0 ? 0 : 1;
}
