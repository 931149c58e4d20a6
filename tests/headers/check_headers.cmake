# Compiles every public header of credo by itself (-fsyntax-only), so that each one
# includes what it uses. Run as: cmake -DCXX=... -DINCLUDE_DIR=... [-DPART=k -DPARTS=n]
# -P check_headers.cmake; with PART/PARTS it checks every n-th header from the k-th, so that
# ctest can run the parts side by side.
file(GLOB_RECURSE headers RELATIVE ${INCLUDE_DIR} ${INCLUDE_DIR}/credo/*.hpp)
list(SORT headers)
if(NOT DEFINED PARTS)
  set(PART 0)
  set(PARTS 1)
endif()
set(failed "")
set(index -1)
set(checked 0)
foreach(h IN LISTS headers)
  math(EXPR index "${index} + 1")
  math(EXPR mine "${index} % ${PARTS}")
  if(h MATCHES "/detail/" OR NOT mine EQUAL PART)
    continue()
  endif()
  # credo/mpi.hpp needs MPI's headers: checked with them when MPI is found, else skipped.
  set(extra "")
  if(h STREQUAL "credo/mpi.hpp")
    if(NOT MPI_INCLUDE_DIRS)
      continue()
    endif()
    foreach(d IN LISTS MPI_INCLUDE_DIRS)
      list(APPEND extra -I${d})
    endforeach()
    list(APPEND extra -DOMPI_SKIP_MPICXX -DMPICH_SKIP_MPICXX)
  endif()
  math(EXPR checked "${checked} + 1")
  execute_process(
    COMMAND ${CXX} -std=c++20 -fsyntax-only -I${INCLUDE_DIR} -I/usr/include/eigen3 ${extra}
            -x c++ -include ${h} /dev/null
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    list(APPEND failed ${h})
    message("${h} does not compile alone:\n${err}")
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "headers that do not compile alone: ${failed}")
endif()
message("all ${checked} public headers of part ${PART} of ${PARTS} compile alone")
