#include "support/trace_checks.h"

namespace mbc::test {

std::string traceDisagreement(const std::optional<Failure>& decided,
                              const std::optional<Failure>& traced, const RuleTrace& trace) {
    const auto text = [](const std::optional<Failure>& f) {
        return f ? f->toString() : std::string("valid");
    };
    if (text(decided) != text(traced))
        return "traced verdict \"" + text(traced) + "\" but validation decided \"" + text(decided) +
               "\"";
    if (trace.steps().empty())
        return "the trace is empty";
    std::size_t failing = 0;
    for (const RuleStep& s : trace.steps())
        failing += s.passed() ? 0 : 1;
    if (!decided)
        return failing == 0 ? "" : "a valid input has a failing step in its trace";
    const RuleStep& last = trace.steps().back();
    if (failing != 1 || last.passed())
        return "the trace of a refusal must end at its one failing rule";
    if (last.failure->code != decided->code)
        return "the trace's failing rule " + std::string(ruleName(last.rule)) + " says " +
               std::string(last.failure->codeName()) + ", validation " +
               std::string(decided->codeName());
    return {};
}

} // namespace mbc::test
