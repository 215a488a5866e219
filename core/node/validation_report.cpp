#include "node/validation_report.h"

#include "consensus/serialize/tx_serialize.h"

namespace mbc::node {
namespace {

std::string_view kindName(RuleFact::Kind kind) {
    switch (kind) {
    case RuleFact::Kind::Number:
        return "number";
    case RuleFact::Kind::Amount:
        return "amount";
    case RuleFact::Kind::Time:
        return "time";
    case RuleFact::Kind::Hex:
        return "hex";
    case RuleFact::Kind::Text:
        break;
    }
    return "text";
}

json::Value factToJson(const RuleFact& f) {
    json::Value v;
    v.set("name", f.name);
    v.set("kind", std::string(kindName(f.kind)));
    const bool numeric = f.kind == RuleFact::Kind::Number || f.kind == RuleFact::Kind::Amount ||
                         f.kind == RuleFact::Kind::Time;
    v.set("value", numeric ? json::Value(f.number) : json::Value(f.text));
    return v;
}

json::Value stepToJson(const RuleStep& s) {
    json::Value v;
    v.set("rule", std::string(ruleName(s.rule)));
    v.set("code", std::string(s.codeName()));
    v.set("passed", s.passed());
    if (s.tx)
        v.set("tx", *s.tx);
    if (s.input)
        v.set("input", *s.input);
    if (s.failure)
        v.set("message", s.failure->message);
    json::Value::Array facts;
    for (const RuleFact& f : s.facts)
        facts.push_back(factToJson(f));
    v.set("facts", json::Value(std::move(facts)));
    return v;
}

} // namespace

json::Value validationReportToJson(const ValidationReport& report) {
    json::Value v;
    const bool block = report.subject == ValidationReport::Subject::Block;
    v.set("subject", block ? "block" : "transaction");
    v.set(block ? "block_hash" : "txid", report.id.hex());
    v.set("valid", report.valid());
    if (report.failure) {
        v.set("code", std::string(report.failure->codeName()));
        v.set("message", report.failure->message);
    }
    v.set("checked_against", report.against);
    if (report.height)
        v.set("height", *report.height);
    if (!report.notChecked.empty())
        v.set("not_checked", report.notChecked);
    if (report.fee)
        v.set("fee", *report.fee);
    json::Value::Array steps;
    for (const RuleStep& s : report.steps)
        steps.push_back(stepToJson(s));
    v.set("steps", json::Value(std::move(steps)));
    v.set("passed_steps_not_listed", static_cast<std::uint64_t>(report.omittedPasses));
    v.set("dry_run", true);
    return v;
}

DryRunWork dryRunWork(const Transaction& tx) {
    if (tx.isCoinbase())
        return {};
    const std::uint64_t inputs = tx.inputs.size();
    return {inputs, inputs * encodedTxSize(tx)};
}

DryRunWork dryRunWork(const Block& block) {
    DryRunWork total;
    for (const Transaction& tx : block.transactions) {
        const DryRunWork w = dryRunWork(tx);
        total.signatures += w.signatures;
        total.sighashBytes += w.sighashBytes;
    }
    return total;
}

} // namespace mbc::node
