// tinydual/matrix_calculus.hpp: derivatives with respect to matrices, several arguments at once,
// and structured Jacobians: the headers that make them, included together.
//
//   tinydual::mat<double, 2, 3> W{{1, 2, 3}, {4, 5, 6}};
//   auto [z, dz_dW] = tinydual::gradient([](const auto& X) { return sum(hadamard(X, X)); }, W);  // 2W
//   auto [Y, J] = tinydual::jacobian([](const auto& X) { return transpose(X); }, W, tinydual::row_stacking);
//
// vectorize.hpp   vectorize, vectorize_rows and their inverses (the two stacking conventions)
// args.hpp        args(a, b, ...): several points differentiated together
// structured.hpp  kron_jacobian, diagonal_jacobian, product_jacobian, elementwise_jacobian
// The drivers themselves (gradient and jacobian at mat and args points, with layout and stacking
// options) are in derivatives.hpp.
#pragma once

#include "args.hpp"
#include "derivatives.hpp"
#include "structured.hpp"
#include "vectorize.hpp"
