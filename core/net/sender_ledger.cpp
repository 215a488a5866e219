#include "net/sender_ledger.h"

#include <algorithm>

namespace mbc::net {

SenderLedger::State SenderLedger::state(const QString& sender) const {
    const auto it = accounts_.find(sender);
    return it == accounts_.end() ? State{} : it->second.state;
}

bool SenderLedger::banned(const QString& sender, std::int64_t nowMs) const {
    return state(sender).bannedUntilMs > nowMs;
}

void SenderLedger::settle(Account& a, std::int64_t nowMs) const {
    const double paid = double(std::max<std::int64_t>(0, nowMs - a.lastMs)) *
                        limits_.validationMsPerSecond / 1000.0;
    a.validationDebtMs = std::max(0.0, a.validationDebtMs - paid);
    a.lastMs = std::max(a.lastMs, nowMs);
}

SenderLedger::Account& SenderLedger::account(const QString& sender, std::int64_t nowMs) {
    auto it = accounts_.find(sender);
    if (it == accounts_.end()) {
        makeRoom(nowMs);
        it = accounts_.emplace(sender, Account{{}, 0, nowMs}).first;
    }
    settle(it->second, nowMs);
    return it->second;
}

void SenderLedger::makeRoom(std::int64_t nowMs) {
    if (accounts_.size() < limits_.maxSenders)
        return;
    for (auto it = accounts_.begin(); it != accounts_.end();) {
        Account& a = it->second;
        settle(a, nowMs);
        const bool owesNothing =
            a.validationDebtMs == 0 && a.state.offences == 0 && a.state.bannedUntilMs <= nowMs;
        it = owesNothing ? accounts_.erase(it) : std::next(it);
    }
    // Then the longest silent, banned senders last (so a flood of new addresses does not lift
    // a ban).
    while (accounts_.size() >= limits_.maxSenders) {
        const auto oldest = std::min_element(
            accounts_.begin(), accounts_.end(), [nowMs](const auto& x, const auto& y) {
                return std::pair(x.second.state.bannedUntilMs > nowMs, x.second.lastMs) <
                       std::pair(y.second.state.bannedUntilMs > nowMs, y.second.lastMs);
            });
        accounts_.erase(oldest);
    }
}

bool SenderLedger::offended(const QString& sender, std::int64_t nowMs) {
    State& s = account(sender, nowMs).state;
    ++s.totalOffences;
    if (++s.offences < limits_.offencesBeforeBan)
        return false;
    s.offences = 0;
    s.bannedUntilMs = nowMs + limits_.banMs;
    return true;
}

std::int64_t SenderLedger::validationWaitMs(const QString& sender, std::int64_t nowMs) {
    const auto it = accounts_.find(sender);
    if (it == accounts_.end())
        return 0;
    settle(it->second, nowMs);
    const double over = it->second.validationDebtMs - limits_.validationBurstMs;
    return over <= 0 ? 0 : std::int64_t(over * 1000.0 / limits_.validationMsPerSecond) + 1;
}

void SenderLedger::chargeValidation(const QString& sender, double costMs, std::int64_t nowMs) {
    if (costMs <= 0)
        return;
    Account& a = account(sender, nowMs);
    a.validationDebtMs += costMs;
    a.state.chargedMs += costMs;
}

} // namespace mbc::net
