// tinydual/tinydual.hpp: the whole public API of tinydual, header-only C++17.
//
//   #include <tinydual/tinydual.hpp>
//   auto [f, g] = tinydual::gradient([](const auto& x) { return x[0] * exp(x[1]); },
//                                    tinydual::vec<float, 2>{1.0f, 0.5f});
#pragma once

#include "args.hpp"
#include "config.hpp"
#include "derivative_rule.hpp"
#include "derivatives.hpp"
#include "dual.hpp"
#include "elementwise.hpp"
#include "hyper_dual.hpp"
#include "inverse.hpp"
#include "limits.hpp"
#include "linalg.hpp"
#include "mat.hpp"
#include "math.hpp"
#include "matrix_calculus.hpp"
#include "nesting.hpp"
#include "optimize.hpp"
#include "options.hpp"
#include "policy.hpp"
#include "rotation.hpp"
#include "second_order.hpp"
#include "structured.hpp"
#include "vec.hpp"
#include "vectorize.hpp"
