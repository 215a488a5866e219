#pragma once

#include "consensus/primitives/amount.h"
#include "consensus/result.h"
#include "consensus/rules/rule_id.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mbc {

// One value a rule compared, as the trace shows it.
struct RuleFact {
    enum class Kind { Number, Amount, Time, Hex, Text };
    std::string name; // stable snake_case key, e.g. "median_time_past"
    Kind kind = Kind::Text;
    std::int64_t number = 0; // Number, Amount (base units), Time (seconds since the epoch)
    std::string text;        // Hex, Text

    static RuleFact countOf(std::string name, std::int64_t n) {
        return {std::move(name), Kind::Number, n, {}};
    }
    static RuleFact amountOf(std::string name, Amount a) {
        return {std::move(name), Kind::Amount, a, {}};
    }
    static RuleFact timeOf(std::string name, std::int64_t t) {
        return {std::move(name), Kind::Time, t, {}};
    }
    // Hex longer than kMaxHexChars (a malformed pubkey of a megabyte) is cut, with its size.
    static constexpr std::size_t kMaxHexChars = 256;
    static RuleFact hexOf(std::string name, std::string h) {
        if (h.size() > kMaxHexChars)
            h = h.substr(0, kMaxHexChars) + "... (" + std::to_string(h.size() / 2) + " bytes)";
        return {std::move(name), Kind::Hex, 0, std::move(h)};
    }
    static RuleFact textOf(std::string name, std::string t) {
        return {std::move(name), Kind::Text, 0, std::move(t)};
    }
};
using RuleFacts = std::vector<RuleFact>;

// One rule checked: which, on what (a block's transaction, an input), with which values, and
// whether it held.
struct RuleStep {
    RuleId rule;
    std::optional<std::uint32_t> tx;    // the transaction's index in its block
    std::optional<std::uint32_t> input; // the input's index in its transaction
    std::optional<Failure> failure;     // empty when the rule held
    RuleFacts facts;

    bool passed() const { return !failure.has_value(); }
    // The failure's code, or the one the rule refuses with.
    std::string_view codeName() const {
        return failure ? failure->codeName() : rejectCodeName(ruleRejectCode(rule));
    }
};

// The rules a validation checked, in the order it checked them, as the check functions of
// rules/ report them (validation stops at the first failure, and so does the trace). Given to
// the validators only for a dry run: the node's own validation passes none and pays nothing.
// Bounded: past `stepLimit` steps, rules that hold are counted, not kept (a block of thousands
// of transactions); a failing rule is always kept.
class RuleTrace {
public:
    static constexpr std::size_t kDefaultStepLimit = 4000;
    explicit RuleTrace(std::size_t stepLimit = kDefaultStepLimit)
        : stepLimit_(stepLimit) {}

    // The block transaction the following steps concern (none for header and block rules).
    void setTransaction(std::optional<std::uint32_t> index) { tx_ = index; }
    // Keeps only the steps of one transaction of a block (a confirmed tx's report); the step
    // limit then applies to its steps alone.
    void keepOnlyTransaction(std::uint32_t index) { only_ = index; }

    // `facts` is called only if the step is kept.
    template <typename MakeFacts>
    void record(RuleId rule, const Status& outcome, std::optional<std::uint32_t> input,
                MakeFacts&& facts) {
        if (only_ && tx_ != only_)
            return;
        if (outcome.ok() && steps_.size() >= stepLimit_) {
            ++omittedPasses_;
            return;
        }
        steps_.push_back(RuleStep{
            rule, tx_, input,
            outcome.ok() ? std::nullopt : std::optional<Failure>(outcome.failure()), facts()});
    }

    const std::vector<RuleStep>& steps() const { return steps_; }
    std::size_t omittedPasses() const { return omittedPasses_; }
    const RuleStep* firstFailure() const;

private:
    std::size_t stepLimit_;
    std::optional<std::uint32_t> tx_;
    std::optional<std::uint32_t> only_;
    std::vector<RuleStep> steps_;
    std::size_t omittedPasses_ = 0;
};

// For the check functions: records the outcome when tracing.
template <typename MakeFacts>
void report(RuleTrace* trace, RuleId rule, const Status& outcome, MakeFacts&& facts,
            std::optional<std::uint32_t> input = std::nullopt) {
    if (trace)
        trace->record(rule, outcome, input, facts);
}

// The same, returning the outcome unchanged.
template <typename MakeFacts>
Status traced(RuleTrace* trace, RuleId rule, Status outcome, MakeFacts&& facts,
              std::optional<std::uint32_t> input = std::nullopt) {
    report(trace, rule, outcome, facts, input);
    return outcome;
}

} // namespace mbc
