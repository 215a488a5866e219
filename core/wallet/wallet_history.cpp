#include "wallet/wallet_history.h"

#include "wallet/coin_text.h"

#include <ctime>

namespace mbc::wallet {
namespace {

void addOnce(std::vector<PubKeyHash>& list, const PubKeyHash& a) {
    for (const PubKeyHash& seen : list)
        if (seen == a)
            return;
    list.push_back(a);
}

std::string isoTime(std::int64_t seconds) {
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

// One CSV cell: quoted when it holds a comma, quote or line break; a formula-like start
// defused with an apostrophe (labels and messages come from other people's payment links).
std::string cell(std::string text, bool isText) {
    if (isText && !text.empty() &&
        (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' ||
         text[0] == '\r'))
        text.insert(0, "'");
    // ';' too: spreadsheets in many locales split on it.
    if (text.find_first_of(",;\"\r\n") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (const char c : text)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

} // namespace

HistoryEntry describeTransaction(const Transaction& tx,
                                 const std::vector<std::optional<TxOut>>& spentOutputs,
                                 const std::set<PubKeyHash>& own, Amount net) {
    HistoryEntry e;
    e.net = net;
    for (const TxOut& o : tx.outputs)
        if (own.count(o.pubkeyHash))
            addOnce(e.receivedOn, o.pubkeyHash);
    const bool coinbase = tx.inputs.size() == 1 && tx.inputs[0].prevout == OutPoint::null();
    bool allOutputsOwn = true;
    for (const TxOut& o : tx.outputs)
        allOutputsOwn = allOutputsOwn && own.count(o.pubkeyHash) > 0;
    if (coinbase) {
        e.kind = TxKind::Mined;
        for (const TxOut& o : tx.outputs)
            if (own.count(o.pubkeyHash))
                addOnce(e.counterparties, o.pubkeyHash);
    } else if (net < 0 && allOutputsOwn) {
        e.kind = TxKind::ToSelf;
        for (const TxOut& o : tx.outputs)
            addOnce(e.counterparties, o.pubkeyHash);
    } else if (net < 0) {
        e.kind = TxKind::Sent;
        for (const TxOut& o : tx.outputs)
            if (!own.count(o.pubkeyHash))
                addOnce(e.counterparties, o.pubkeyHash);
    } else {
        e.kind = TxKind::Received;
        for (const auto& spent : spentOutputs)
            if (spent && !own.count(spent->pubkeyHash))
                addOnce(e.counterparties, spent->pubkeyHash);
    }
    return e;
}

std::string entryLabel(const HistoryEntry& e,
                       const std::function<std::string(const PubKeyHash&)>& labelOf) {
    const auto join = [&](const std::vector<PubKeyHash>& addresses) {
        std::string out;
        for (const PubKeyHash& a : addresses)
            if (const std::string label = labelOf(a); !label.empty())
                out += (out.empty() ? "" : "; ") + label;
        return out;
    };
    const std::string theirs = join(e.counterparties);
    const bool incoming = e.kind == TxKind::Received || e.kind == TxKind::Mined;
    return theirs.empty() && incoming ? join(e.receivedOn) : theirs;
}

const char* kindName(TxKind kind) {
    switch (kind) {
    case TxKind::Mined:
        return "mined";
    case TxKind::Received:
        return "received";
    case TxKind::Sent:
        return "sent";
    case TxKind::ToSelf:
        return "to yourself";
    }
    return "?";
}

std::string historyCsv(const std::vector<HistoryEntry>& entries,
                       const std::function<std::string(const PubKeyHash&)>& labelOf) {
    std::string out = "date,kind,label,counterparty,amount,txid,height\r\n";
    for (const HistoryEntry& e : entries) {
        const std::string labels = entryLabel(e, labelOf);
        std::string parties;
        for (const PubKeyHash& a : e.counterparties)
            parties += (parties.empty() ? "" : " ") + a.hex();
        out += (e.height ? isoTime(e.time) : std::string("pending")) + "," + kindName(e.kind) +
               "," + cell(labels, true) + "," + cell(parties, true) + "," + coinsText(e.net) + "," +
               e.txid.hex() + "," + (e.height ? std::to_string(*e.height) : "") + "\r\n";
    }
    return out;
}

} // namespace mbc::wallet
