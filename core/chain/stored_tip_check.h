#pragma once

#include "chain/chain_store.h"

#include <optional>
#include <string>

namespace mbc {

// Whether the store's tip row agrees with its blocks and its active chain: the tip's block is
// stored, valid, at the tip's height with the tip's work, and the active chain ends there (or,
// with no tip, is empty). A damaged store that does not would have the node mine a second
// genesis, or never follow more work, without a word; the node refuses to start on it instead.
// Returns what disagrees, or nothing.
std::optional<std::string> storedTipDisagreement(ChainStore& store);

} // namespace mbc
