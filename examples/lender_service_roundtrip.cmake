# lender_service fitted and saved, then loaded from the model file: the decisions and the
# monitor snapshot must be the same (the first line, "fitted ...", is only in the first run).
execute_process(COMMAND ${EXE} --save ${WORK_DIR}/lender_card.json OUTPUT_VARIABLE fitted RESULT_VARIABLE rc1)
execute_process(COMMAND ${EXE} --model ${WORK_DIR}/lender_card.json OUTPUT_VARIABLE loaded RESULT_VARIABLE rc2)
if(NOT rc1 EQUAL 0 OR NOT rc2 EQUAL 0)
  message(FATAL_ERROR "lender_service failed: ${rc1} ${rc2}")
endif()
string(REGEX REPLACE "^fitted[^\n]*\n" "" fitted "${fitted}")
if(NOT fitted STREQUAL loaded)
  message(FATAL_ERROR "loaded card decides differently:\n${fitted}\n---\n${loaded}")
endif()
