// expect: tinydual/eigen.hpp must be included before any Eigen header
#include <Eigen/Core>
#include <tinydual/eigen.hpp>
int main() {
    // Eigen's triangular solves would already be bound to the by-value zero test of duals
    Eigen::Matrix<tinydual::dual<double, 2>, 2, 1> v;
    return static_cast<int>(v.size());
}
