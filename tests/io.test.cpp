// io.hpp: the printed forms of vec, mat, dual, hyper_dual and a nested dual, with the stream's
// precision applied to every element.
#include "support/testing.hpp"

#include <iomanip>
#include <sstream>
#include <string>

#include <tinydual/io.hpp>

using tinydual::dual;
using tinydual::hyper_dual;

namespace {
template <class X>
std::string printed(const X& x, int precision = 6) {
    std::ostringstream os;
    os << std::setprecision(precision) << x;
    return os.str();
}
}  // namespace

TEST_CASE("io: vec and mat print row by row") {
    CHECK(printed(tinydual::vec<double, 3>{1.0, -2.5, 0.25}) == "[1, -2.5, 0.25]");
    CHECK(printed(tinydual::mat<float, 2, 3>{1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f}) == "[[1, 2, 3], [4, 5, 6]]");
}

TEST_CASE("io: dual prints value and partials, hyper_dual adds the Hessian") {
    using d2 = dual<double, 2>;
    const d2 x = d2::variable(3.0, 0), y = d2::variable(0.5, 1);
    CHECK(printed(x * x + y) == "9.5 [6, 1]");
    CHECK(printed(d2(1.0 / 3.0), 3) == "0.333 [0, 0]");

    using h2 = hyper_dual<double, 2>;
    const h2 a = h2::variable(2.0, 0), b = h2::variable(-1.0, 1);
    CHECK(printed(a * a * b) == "-4 [-4, 4] [[-2, 4], [4, 0]]");

    using inner = dual<float, 1>;
    using nested = dual<inner, 1>;
    const nested z(inner::variable(2.0f, 0), tinydual::vec<inner, 1>{inner(1.0f)});
    CHECK(printed(z * z) == "4 [4] [4 [2]]");
}
