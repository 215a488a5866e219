# Fails if a source file of DIR (recursively) includes a header matching FORBIDDEN: the layers
# of core/README.md, kept by the build. Run by mbc_check_includes() (core/CMakeLists.txt) with
# -DDIR=<directory> -DFORBIDDEN=<regex of include paths> -DRULE=<what the layer may not do>.
file(GLOB_RECURSE SOURCES "${DIR}/*.h" "${DIR}/*.cpp")
set(violations "")
foreach(file IN LISTS SOURCES)
    file(STRINGS "${file}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<](${FORBIDDEN})")
    foreach(line IN LISTS includes)
        string(STRIP "${line}" line)
        string(APPEND violations "\n  ${file}: ${line}")
    endforeach()
endforeach()
if(violations)
    message(FATAL_ERROR "${RULE}; these includes break that:${violations}")
endif()
