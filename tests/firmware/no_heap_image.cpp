// No heap, no exceptions, no RTTI: a firmware image that uses the library in float and double
// (gradients, Jacobians, Hessians, every math function, vec/mat, the solvers) and links with no allocator at
// all: no_heap.ld makes the link fail if malloc or operator new is pulled in, and
// check-symbols.sh no-heap checks the symbol table; bad_malloc.cpp makes the variant that the
// check must reject. Exit status 0 when every derivative matches central differences.
#include "image.hpp"

int main() {
    int bad = tdfw::check_kernels() + tdfw::check_all<float>() + tdfw::check_all<double>() +
              tdfw::check_solvers<float>() + tdfw::check_solvers<double>();
    if (tdfw_inject) tdfw_inject();
    return bad == 0 ? 0 : 1;
}
