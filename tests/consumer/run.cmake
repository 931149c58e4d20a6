# Builds a tiny consumer of credo, either against an installed copy (MODE=installed:
# configure credo alone, install it into a prefix, find_package from there) or through
# add_subdirectory (MODE=subdirectory). Fails if any step fails.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "step failed: ${ARGN}\n${out}\n${err}")
  endif()
endfunction()
if(MODE STREQUAL "installed")
  run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/credo-build -DCMAKE_BUILD_TYPE=Release
      -DCREDO_BUILD_TESTS=OFF -DCREDO_BUILD_BENCHMARKS=OFF -DCREDO_BUILD_EXAMPLES=OFF
      -DCREDO_INSTALL=ON)
  run(${CMAKE_COMMAND} --install ${WORK_DIR}/credo-build --prefix ${WORK_DIR}/prefix)
  run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/consumer/installed -B ${WORK_DIR}/app-build
      -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)
else()
  run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/consumer/subdirectory -B ${WORK_DIR}/app-build
      -DCREDO_SOURCE_DIR=${SOURCE_DIR})
endif()
run(${CMAKE_COMMAND} --build ${WORK_DIR}/app-build)
run(${WORK_DIR}/app-build/app)
message("consumer (${MODE}) built and ran")
