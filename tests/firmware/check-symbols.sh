#!/bin/sh
# Checks the symbol table of a linked firmware image.
#   check-symbols.sh no-heap    <nm> <image.elf>  no malloc/free/operator new or delete, no sbrk,
#                                                 no C++ exception or RTTI machinery
#   check-symbols.sh float-only <nm> <image.elf> [objects...]
#                                                 no double libm function in the image (sin,
#                                                 __ieee754_sin, ... but sinf is fine), and no
#                                                 double-precision helper (__aeabi_d*, __aeabi_f2d,
#                                                 __adddf3, ...) called by the given objects (the
#                                                 program's own code, library included; without
#                                                 objects: none in the whole image). picolibc's own
#                                                 logf, powf and log1pf narrow a double result with
#                                                 __aeabi_d2f, so the helpers are judged by who calls
#                                                 them.
# Objects may also come as one ';'-separated argument (CMake's $<TARGET_OBJECTS:...>).
# Prints the offending symbols and exits 1 when there are any, 0 otherwise.
set -u
if [ $# -lt 3 ]; then
  echo "usage: $0 no-heap|float-only <nm> <image.elf> [objects...]" >&2
  exit 2
fi
mode=$1
nm=$2
elf=$3
shift 3
objects=$(printf '%s\n' "$@" | tr ';' '\n' | grep -v '^$')
case $mode in
  no-heap)
    pattern='^_*(malloc|free|calloc|realloc|reallocarray|aligned_alloc|posix_memalign|memalign|valloc|pvalloc|sbrk)(_r)?$'
    pattern="$pattern"'|^_Zn[wa]|^_Zd[la]'                                           # operator new, delete
    pattern="$pattern"'|^__cxa_|^__gxx_personality|^__aeabi_unwind_cpp_pr|^_Unwind_'  # exceptions
    pattern="$pattern"'|^_ZTI|^_ZTS|^_ZTV(N10__cxxabiv|St9type_info)'                 # RTTI
    what="heap, exception or RTTI symbols"
    ;;
  float-only)
    libm='sqrt|cbrt|exp|exp2|expm1|exp10|log|log2|log10|log1p|logb|pow|hypot|sin|cos|tan|sincos|asin|acos|atan|atan2'
    libm="$libm"'|sinh|cosh|tanh|asinh|acosh|atanh|erf|erfc|lgamma|tgamma|fmin|fmax|fdim|copysign|floor|ceil|round|lround'
    libm="$libm"'|llround|trunc|rint|lrint|nearbyint|fmod|remainder|remquo|fma|fabs|ldexp|frexp|modf|scalbn|ilogb|nextafter'
    pattern="^($libm)l?\$"                                         # sin, sinl (long double is double here)
    pattern="$pattern"'|^__(ieee754|kernel|math)_[a-z0-9_]*[^f]$'   # libm internals of double functions
    helpers='^__aeabi_d|^__aeabi_[a-z0-9]*2d$'                      # EABI double helpers, conversions to double
    helpers="$helpers"'|^__[a-z]*df[0-9a-z]*$'                      # GCC names of the same (__adddf3, __extendsfdf2)
    if [ -z "$objects" ]; then
      pattern="$pattern|$helpers"
    fi
    what="double-precision symbols"
    ;;
  *)
    echo "$0: unknown check '$mode' (no-heap or float-only)" >&2
    exit 2
    ;;
esac
symbols=$("$nm" "$elf") || { echo "$0: $nm $elf failed" >&2; exit 2; }
found=$(printf '%s\n' "$symbols" | awk '{print $NF}' | grep -E "$pattern" | sort -u)
if [ "$mode" = float-only ] && [ -n "$objects" ]; then
  # shellcheck disable=SC2086  # object paths from CMake have no spaces
  called=$("$nm" -u $objects | awk '{print $NF}' | grep -E "$helpers" | sort -u) || true
  found=$(printf '%s\n%s\n' "$found" "$called" | grep -v '^$' | sort -u)
  from_libc=$(printf '%s\n' "$symbols" | awk '{print $NF}' | grep -E "$helpers" | sort -u |
              grep -vxF "${called:-//}" | tr '\n' ' ')
  [ -n "$from_libc" ] && echo "note: double helpers in the image that the program itself does not call (C library): $from_libc"
fi
if [ -n "$found" ]; then
  echo "$elf: $what found:"
  printf '%s\n' "$found" | sed 's/^/  /'
  exit 1
fi
echo "$elf: no $what ($mode check passed)"
exit 0
