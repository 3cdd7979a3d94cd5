# Helpers that keep each module's CMakeLists.txt to a few lines.

set(STACKSIM_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
if(STACKSIM_WERROR)
  list(APPEND STACKSIM_WARNINGS -Werror)
endif()

if(STACKSIM_SANITIZE)
  # Under sanitizer instrumentation GCC 12 reports false (maybe-)uninitialized warnings inside
  # libstdc++ and Boost (std::regex, std::function, boost::optional). Warnings stay errors in the
  # Release build, which CI also runs; here they are printed but not fatal.
  list(APPEND STACKSIM_WARNINGS -Wno-error)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# Adds every listed subdirectory that has a CMakeLists.txt.
function(stacksim_add_existing_subdirectories)
  foreach(dir IN LISTS ARGN)
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/CMakeLists.txt)
      add_subdirectory(${dir})
    endif()
  endforeach()
endfunction()

# stacksim_module(<name> [DEPS targets...]) builds library stacksim_<name> from every .cpp under the
# current directory. Headers are included by their path from the repository root.
function(stacksim_module name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  set(target stacksim_${name})
  if(sources)
    add_library(${target} STATIC ${sources})
    target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
    target_compile_options(${target} PRIVATE ${STACKSIM_WARNINGS})
    target_link_libraries(${target} PUBLIC ${ARG_DEPS})
  else()
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(${target} INTERFACE ${ARG_DEPS})
  endif()
  add_library(stacksim::${name} ALIAS ${target})
endfunction()

# stacksim_tests(<name> [DEPS targets...]) builds test binary stacksim_<name>_tests from every .cpp
# under the current directory and registers each Catch2 test case with CTest.
function(stacksim_tests name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  set(target stacksim_${name}_tests)
  add_executable(${target} ${sources})
  target_compile_options(${target} PRIVATE ${STACKSIM_WARNINGS})
  # Relative to the build directory, where ctest runs every test: keeps compile commands free of
  # absolute paths so ccache (with CCACHE_BASEDIR) reuses objects across clones.
  file(RELATIVE_PATH source_from_build ${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR})
  target_compile_definitions(${target} PRIVATE
    STACKSIM_SOURCE_DIR="${source_from_build}"
    STACKSIM_BINARY_DIR=".")
  target_link_libraries(${target} PRIVATE stacksim_catch_main ${ARG_DEPS})
  catch_discover_tests(${target} TEST_PREFIX "${name}: " PROPERTIES TIMEOUT 600
    WORKING_DIRECTORY ${PROJECT_BINARY_DIR})
endfunction()

# stacksim_bench(<name> <sources...> [DEPS targets...]) builds bench_<name>.
function(stacksim_bench name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  add_executable(bench_${name} ${ARG_UNPARSED_ARGUMENTS})
  target_compile_options(bench_${name} PRIVATE ${STACKSIM_WARNINGS})
  target_link_libraries(bench_${name} PRIVATE ${ARG_DEPS})
endfunction()
