// status, balance, utxos, mine, peers, sync: MiniBitcoinPy's node commands.
#include "cli/cli_output.h"
#include "cli/commands.h"
#include "consensus/primitives/fixed_bytes.h"

#include <cstdio>

namespace mbc::cli {
namespace {

QString addressArgument(const QString& text, const char* what) {
    const QString a = text.trimmed().toLower();
    if (!PubKeyHash::fromHex(a.toStdString()))
        throw CliError(
            QStringLiteral("%1: '%2' is not an address (40 hex digits)").arg(what, text));
    return a;
}

} // namespace

void showStatus(const CommandContext& c) {
    const json::Value h = c.node.get("/health");
    if (c.json)
        return printJson(h);
    printFields({{"Node", c.node.base().toString() + " (" + field(h, "node_name") + ")"},
                 {"Status", field(h, "status")},
                 {"Network", h.find("network") ? field(h, "network") : "-"},
                 {"Height", field(h, "chain_height")},
                 {"Tip", field(h, "tip_hash")},
                 {"UTXOs", field(h, "utxo_count")},
                 {"Mempool", field(h, "mempool_size") + " transactions"},
                 {"Peers", field(h, "peer_count")},
                 {"Mining", h.find("mining") ? field(h, "mining") : "-"}});
}

void showBalance(const CommandContext& c) {
    const QString address = addressArgument(c.args.positional[0], "address");
    const json::Value b = c.node.get("/balance/" + address);
    if (c.json)
        return printJson(b);
    printFields(
        {{"Address", field(b, "address")},
         {"Balance", field(b, "balance") + " (" + coins(integerField(b, "balance")) + " coins)"},
         {"UTXOs", field(b, "utxo_count")}});
}

void showUtxos(const CommandContext& c) {
    const QString address = addressArgument(c.args.positional[0], "address");
    const json::Value u = c.node.getAllPages("/utxos/" + address, "utxos");
    if (c.json)
        return printJson(u);
    QList<QStringList> rows;
    for (const json::Value& o : member(u, "utxos").asArray())
        rows << QStringList{field(o, "txid"), field(o, "vout"), field(o, "amount"),
                            o.find("height") ? field(o, "height") : "-"};
    std::printf("UTXOs of %s\n\n", qPrintable(address));
    printTable({"Txid", "Vout", "Amount", "Height"}, rows);
}

void mineBlock(const CommandContext& c) {
    if (!c.args.options.contains("address"))
        throw CliError("mine: --address ADDRESS is required (the address the reward pays)");
    json::Value body;
    body.set("miner_address", addressArgument(c.args.option("address"), "--address").toStdString());
    const json::Value m = c.node.post("/mine", body);
    if (c.json)
        return printJson(m);
    std::printf("Block mined successfully!\n");
    printFields({{"Block Hash:", field(m, "block_hash")},
                 {"Height:", field(m, "height")},
                 {"Nonce:", field(m, "nonce")},
                 {"Time:", field(m, "elapsed_seconds") + "s"},
                 {"Transactions:", field(m, "transactions")}});
}

void managePeers(const CommandContext& c) {
    const QString sub = c.args.positional[0];
    if (sub == "list" && c.args.positional.size() == 1) {
        const json::Value p = c.node.get("/peers");
        if (c.json)
            return printJson(p);
        QList<QStringList> rows;
        for (const json::Value& s : member(p, "stored_peers").asArray())
            rows << QStringList{field(s, "url"), field(s, "is_active"), field(s, "failures"),
                                s.find("last_seen") ? field(s, "last_seen") : "-"};
        printTable({"Peer", "Active", "Failures", "Last seen"}, rows);
        return;
    }
    if (sub == "add" && c.args.positional.size() == 2) {
        json::Value body;
        body.set("url", c.args.positional[1].toStdString());
        const json::Value r = c.node.post("/peers/add", body);
        if (c.json)
            return printJson(r);
        std::printf("%s\n", qPrintable(field(r, "message")));
        return;
    }
    throw CliError("peers: expected 'peers list' or 'peers add URL'");
}

void syncFromPeer(const CommandContext& c) {
    json::Value body;
    body.set("peer_url", c.args.positional[0].toStdString());
    const json::Value r = c.node.post("/sync", body);
    if (c.json)
        return printJson(r);
    printFields({{"Synced", field(r, "synced")},
                 {"Message", field(r, "message")},
                 {"New height", field(r, "new_height")}});
}

} // namespace mbc::cli
