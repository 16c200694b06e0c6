# Runs `ferry --self-test` on a fresh state database, as a new user's first start: the demo workspace must be
# created and all of its 10 objects shown. Leaves a screenshot next to the state for a person to look at.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
execute_process(COMMAND ${FERRY} --state sqlite:${WORK_DIR}/state.db --self-test --screenshot ${WORK_DIR}/main-window.png
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
message("${output}")
if(NOT result EQUAL 0)
    message(FATAL_ERROR "ferry --self-test exited with ${result}: ${errors}")
endif()
if(NOT output MATCHES "10 objects shown")
    message(FATAL_ERROR "ferry --self-test did not show the demo workspace's 10 objects")
endif()
if(NOT EXISTS ${WORK_DIR}/main-window.png)
    message(FATAL_ERROR "ferry --screenshot wrote no ${WORK_DIR}/main-window.png")
endif()
