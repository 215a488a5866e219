#pragma once

#include "consensus/rules/rule_trace.h"

#include <optional>
#include <string>

namespace mbc::test {

// Whether a traced validation agrees with the untraced one that decided: the same verdict (code
// and message), a trace that ends at the failing rule (the one failing step) or passes every
// step. Empty when it does; otherwise what differs.
std::string traceDisagreement(const std::optional<Failure>& decided,
                              const std::optional<Failure>& traced, const RuleTrace& trace);

template <typename R>
std::optional<Failure> failureOf(const R& result) {
    if (result.ok())
        return std::nullopt;
    return result.failure();
}

} // namespace mbc::test
