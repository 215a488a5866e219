# Fails if a file of ui/ includes a header of the store, the chain or the REST layer: the GUI
# reaches the node only through node::NodeInterface (core/node/node_interface.h) and the plain
# values it returns. Run by the build (ui/CMakeLists.txt) with -DDIR=<the ui directory>.
file(GLOB SOURCES "${DIR}/*.h" "${DIR}/*.cpp")
# The node's own classes (node.h, node_services.h, ...) hold the store and chain too.
set(forbidden "store/|chain/|net/|node/(node|node_services|local_node|mining_controller)\\.h")
set(violations "")
foreach(file IN LISTS SOURCES)
    file(STRINGS "${file}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<](${forbidden})")
    foreach(line IN LISTS includes)
        string(STRIP "${line}" line)
        string(APPEND violations "\n  ${file}: ${line}")
    endforeach()
endforeach()
if(violations)
    message(FATAL_ERROR "ui/ must reach the node only through node/node_interface.h; these "
                        "includes reach into the store, the chain or the REST layer:${violations}")
endif()
