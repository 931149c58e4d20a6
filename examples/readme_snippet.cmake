# Checks that README.md's first C++ block is examples/first_program.cpp, word for word, so the
# front page's example is the one the tests compile and run.
#   cmake -DREADME=README.md -DPROGRAM=examples/first_program.cpp -P readme_snippet.cmake
file(READ ${README} readme)
file(READ ${PROGRAM} program)
string(FIND "${readme}" "```cpp\n" begin)
if(begin EQUAL -1)
  message(FATAL_ERROR "${README} has no ```cpp block")
endif()
math(EXPR begin "${begin} + 7")
string(SUBSTRING "${readme}" ${begin} -1 rest)
string(FIND "${rest}" "```" end)
string(SUBSTRING "${rest}" 0 ${end} snippet)
if(NOT snippet STREQUAL program)
  message(FATAL_ERROR "README.md's first ```cpp block differs from ${PROGRAM}; copy the program into the README")
endif()
message(STATUS "README.md's example is ${PROGRAM}")
