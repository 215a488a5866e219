#pragma once

#include "node/chain_views.h"

namespace mbc::node {

class Node;

// The app's views of how the chain works, read on the node's thread.
NextBlockView nextBlockView(Node& node);
DifficultyView difficultyView(Node& node);
ForkTreeView forkTreeView(Node& node);

} // namespace mbc::node
