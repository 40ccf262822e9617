// tinydual/io.hpp: operator<< for dual, hyper_dual, vec and mat (optional; the only tinydual
// header that includes <ostream>, so firmware builds that never print never pull it in).
//
//   #include <tinydual/io.hpp>
//   auto x = tinydual::dual<double, 2>::variable(3.0, 0);
//   std::cout << x * x;        // 9 [6, 0]
//
// Formats: vec `[a, b, c]`; mat `[[a, b], [c, d]]` (row by row); dual `value [partials]`;
// hyper_dual `value [gradient] [[Hessian]]` (the full symmetric matrix). Elements are printed
// with the stream's own flags and precision, so std::setprecision and std::scientific apply, and
// a nested dual prints its elements as duals.
#pragma once

#include <cstddef>
#include <ostream>

#include "dual.hpp"
#include "hyper_dual.hpp"
#include "mat.hpp"
#include "vec.hpp"

namespace tinydual {

template <class CharT, class Traits, class T, std::size_t N>
std::basic_ostream<CharT, Traits>& operator<<(std::basic_ostream<CharT, Traits>& os, const vec<T, N>& v) {
    os << '[';
    for (std::size_t i = 0; i < N; ++i) {
        if (i != 0) os << ", ";
        os << v[i];
    }
    return os << ']';
}

template <class CharT, class Traits, class T, std::size_t R, std::size_t C>
std::basic_ostream<CharT, Traits>& operator<<(std::basic_ostream<CharT, Traits>& os, const mat<T, R, C>& a) {
    os << '[';
    for (std::size_t i = 0; i < R; ++i) {
        if (i != 0) os << ", ";
        os << a.row(i);
    }
    return os << ']';
}

template <class CharT, class Traits, class T, std::size_t N, class Tag>
std::basic_ostream<CharT, Traits>& operator<<(std::basic_ostream<CharT, Traits>& os, const dual<T, N, Tag>& x) {
    return os << x.value() << ' ' << x.grad();
}

template <class CharT, class Traits, class T, std::size_t N, class Tag>
std::basic_ostream<CharT, Traits>& operator<<(std::basic_ostream<CharT, Traits>& os, const hyper_dual<T, N, Tag>& x) {
    return os << x.value() << ' ' << x.grad() << ' ' << x.hess();
}

}  // namespace tinydual
