# Lists the doctest test cases of a test source, one a line: "<line> <count> <types>", where
# <line> is the line of the test-case macro, <count> the number of types a TEST_CASE_TEMPLATE is
# instantiated for (0 for the other test-case macros) and <types> those types joined by "|",
# blanks removed ("-" when there are none). Used by split-suites.cmake:
#   awk -f tests/split/test-cases.awk tests/dual.test.cpp
# The type list is the macro's arguments after the name and the type parameter, split at the
# commas outside parentheses, angle brackets and string literals; the macro may span lines.
function count_types(text,    depth, args, i, c, in_str, arg) {
  depth = 0; args = 1; in_str = 0; types = ""; arg = ""
  for (i = 1; i <= length(text); ++i) {
    c = substr(text, i, 1)
    if (in_str) {
      if (c == "\\") ++i
      else if (c == "\"") in_str = 0
      continue
    }
    if (c == "\"") in_str = 1
    else if (c == "(" || c == "<" || c == "[" || c == "{") ++depth
    else if (c == ")" || c == ">" || c == "]" || c == "}") {
      if (--depth < 0) {  # the macro's closing parenthesis
        if (args > 2) types = types (args > 3 ? "|" : "") arg
        return args - 2
      }
    } else if (c == "," && depth == 0) {
      if (args > 2) types = types (args > 3 ? "|" : "") arg
      ++args
      arg = ""
      continue
    }
    if (args > 2 && c !~ /[ \t\n]/) arg = arg c
  }
  return -1  # not closed: the caller reads more lines
}
/^[ \t]*(DOCTEST_)?(TEST_CASE|TEST_CASE_FIXTURE|TEST_CASE_CLASS|SCENARIO|SCENARIO_CLASS)[ \t]*\(/ {
  print FNR, 0, "-"
  next
}
/^[ \t]*(DOCTEST_)?(TEST_CASE_TEMPLATE|SCENARIO_TEMPLATE)[ \t]*\(/ {
  start = FNR
  text = substr($0, index($0, "(") + 1)
  while ((n = count_types(text)) < 0 && (getline more) > 0) text = text "\n" more
  print start, (n < 0 ? 0 : n), (n > 0 ? types : "-")
  next
}
/^[ \t]*(DOCTEST_)?(TEST_CASE_TEMPLATE_INVOKE|TEST_CASE_TEMPLATE_APPLY)[ \t]*\(/ {
  print FNR, 0, "-"  # type lists given elsewhere: one executable for all of them
}
