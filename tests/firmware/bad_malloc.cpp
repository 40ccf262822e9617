// Deliberately bad: links the allocator into the no-heap image, so that the check is seen to fail.
#include <cstdlib>

extern "C" void tdfw_inject() {
    void* volatile p = std::malloc(16);
    std::free(p);
}
