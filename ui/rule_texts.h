#pragma once

#include "consensus/rules/rule_trace.h"

#include <QCoreApplication>
#include <QString>

namespace mbc::ui {

// The validation X-ray in the user's language: what each rule asks, and the names and values
// of what it compared. The trace itself carries stable English keys (the REST answer's).
class RuleTexts {
    Q_DECLARE_TR_FUNCTIONS(mbc::ui::RuleTexts)
public:
    // "The block hash is at most the target".
    static QString question(RuleId rule);
    // "header", "transaction 1", "transaction 1, input 0".
    static QString where(const RuleStep& step);
    // The step's reject code: the failure's, or the one the rule refuses with.
    static QString code(const RuleStep& step);
    static QString factName(const std::string& name);
    // Amounts in coins, times as dates, hashes as they are.
    static QString factValue(const RuleFact& fact);
};

} // namespace mbc::ui
