#pragma once

#include <QString>

#include <cstdint>
#include <map>

namespace mbc::net {

// What each sender of pushes (POST /block, /tx, /peers/announce) has cost the node, keyed by
// what the node can verify about it: its sourceKey(). Invalid data counts as an offence and a
// few offences ban the sender for a while; validation time is charged against a budget that
// refills over time, so expensive invalid transactions cost their sender, not the others.
// Naming another node in a header changes nothing here. Bounded: when full, senders with
// nothing against them are forgotten first, then the longest silent, banned ones last.
class SenderLedger {
public:
    struct Limits {
        std::int64_t banMs = 3'600'000;
        int offencesBeforeBan = 3;
        double validationMsPerSecond = 250; // the share of the node's thread a sender may use
        double validationBurstMs = 2'000;   // ...and what it may use at once
        std::size_t maxSenders = 10'000;
    };

    explicit SenderLedger(Limits limits)
        : limits_(limits) {}

    bool banned(const QString& sender, std::int64_t nowMs) const;
    // Counts one offence; true if it got the sender banned.
    bool offended(const QString& sender, std::int64_t nowMs);
    // Milliseconds until the sender's validation budget is positive again (0: it is now).
    std::int64_t validationWaitMs(const QString& sender, std::int64_t nowMs);
    // In fractions of a millisecond: a refused push can take well under one, and whole ones
    // charged nothing for it, however many were sent.
    void chargeValidation(const QString& sender, double costMs, std::int64_t nowMs);

    struct State {
        int offences = 0; // since its last ban
        std::uint64_t totalOffences = 0;
        std::int64_t bannedUntilMs = 0;
        double chargedMs = 0; // validation time charged in all, paid off or not
    };
    State state(const QString& sender) const;
    std::size_t size() const { return accounts_.size(); }
    const Limits& limits() const { return limits_; }

private:
    struct Account {
        State state;
        double validationDebtMs = 0;
        std::int64_t lastMs = 0;
    };
    Account& account(const QString& sender, std::int64_t nowMs);
    void settle(Account& a, std::int64_t nowMs) const; // pays off debt for the time passed
    void makeRoom(std::int64_t nowMs);

    Limits limits_;
    std::map<QString, Account> accounts_;
};

} // namespace mbc::net
