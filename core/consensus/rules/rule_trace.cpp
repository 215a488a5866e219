#include "consensus/rules/rule_trace.h"

namespace mbc {

const RuleStep* RuleTrace::firstFailure() const {
    for (const RuleStep& s : steps_)
        if (!s.passed())
            return &s;
    return nullptr;
}

} // namespace mbc
