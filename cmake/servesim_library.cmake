# servesim_library(TARGET FOLDER SOURCES... [USES target...] [PRIVATE_USES target...])
#
# One source folder, one library. The folder's headers are published through a private include
# root in the build tree, <build>/include/<target>/<folder> -> <source>/<folder>, so a target sees
# the headers of exactly the libraries it links: an #include against the dependency direction
# (hw including a sched header, say) finds no file and fails to build. There is no global
# include path.
function(servesim_library target folder)
  cmake_parse_arguments(ARG "" "" "SOURCES;USES;PRIVATE_USES" ${ARGN})
  add_library(${target} ${ARG_SOURCES})
  servesim_publish_headers(${target} ${folder})
  if(ARG_USES)
    target_link_libraries(${target} PUBLIC ${ARG_USES})
  endif()
  if(ARG_PRIVATE_USES)
    target_link_libraries(${target} PRIVATE ${ARG_PRIVATE_USES})
  endif()
endfunction()

# Publishes FOLDER's headers to TARGET's users (and to TARGET itself) and nothing else.
function(servesim_publish_headers target folder)
  set(root ${PROJECT_BINARY_DIR}/include/${target})
  get_filename_component(parent ${root}/${folder} DIRECTORY)
  file(MAKE_DIRECTORY ${parent})
  if(NOT EXISTS ${root}/${folder})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${folder} ${root}/${folder} SYMBOLIC)
  endif()
  target_include_directories(${target} PUBLIC ${root})
endfunction()
