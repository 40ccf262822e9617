#include <tinydual/tinydual.hpp>
int main() { return 0; }
