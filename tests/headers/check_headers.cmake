# Compiles every public header of credo by itself (-fsyntax-only), so that each one
# includes what it uses. Run as: cmake -DCXX=... -DINCLUDE_DIR=... -P check_headers.cmake
file(GLOB_RECURSE headers RELATIVE ${INCLUDE_DIR} ${INCLUDE_DIR}/credo/*.hpp)
set(failed "")
foreach(h IN LISTS headers)
  if(h MATCHES "/detail/")
    continue()
  endif()
  execute_process(
    COMMAND ${CXX} -std=c++20 -fsyntax-only -I${INCLUDE_DIR} -I/usr/include/eigen3
            -x c++ -include ${h} /dev/null
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    list(APPEND failed ${h})
    message("${h} does not compile alone:\n${err}")
  endif()
endforeach()
list(LENGTH headers n)
if(failed)
  message(FATAL_ERROR "headers that do not compile alone: ${failed}")
endif()
message("all ${n} public headers compile alone")
