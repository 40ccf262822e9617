#include "support/testing.hpp"
