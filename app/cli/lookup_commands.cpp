// block, tx, mempool, chain: read-only lookups.
#include "cli/cli_output.h"
#include "cli/commands.h"
#include "consensus/primitives/fixed_bytes.h"

#include <QDateTime>

#include <cstdio>

namespace mbc::cli {
namespace {

QString timeOf(const json::Value& header) {
    return QDateTime::fromSecsSinceEpoch(integerField(header, "timestamp"), Qt::UTC)
        .toString(Qt::ISODate);
}

// Sum of a tx's output amounts.
std::int64_t outputTotal(const json::Value& tx) {
    std::int64_t total = 0;
    for (const json::Value& o : member(tx, "outputs").asArray())
        total += integerField(o, "amount");
    return total;
}

} // namespace

void showBlock(const CommandContext& c) {
    const QString arg = c.args.positional[0].trimmed();
    bool isHeight = false;
    const uint height = arg.toUInt(&isHeight);
    const json::Value b = isHeight ? c.node.get(QStringLiteral("/block/height/%1").arg(height))
                                   : c.node.get("/block/" + hashArgument(arg, "block"));
    if (c.json)
        return printJson(b);
    const json::Value& h = member(b, "header");
    printFields({{"Block", field(b, "block_hash")},
                 {"Height", field(b, "height")},
                 {"Confirmations", b.find("confirmations") ? field(b, "confirmations") : "-"},
                 {"Previous", field(h, "prev_hash")},
                 {"Merkle root", field(h, "merkle_root")},
                 {"Time", timeOf(h)},
                 {"Target", field(h, "target")},
                 {"Nonce", field(h, "nonce")}});
    std::printf("\n");
    QList<QStringList> rows;
    for (const json::Value& tx : member(b, "transactions").asArray())
        rows << QStringList{field(tx, "txid"),
                            QString::number(member(tx, "inputs").asArray().size()),
                            QString::number(member(tx, "outputs").asArray().size()),
                            QString::number(outputTotal(tx))};
    printTable({"Txid", "Inputs", "Outputs", "Paid out"}, rows);
}

void showTransaction(const CommandContext& c) {
    const json::Value t = c.node.get("/tx/" + hashArgument(c.args.positional[0], "txid"));
    if (c.json)
        return printJson(t);
    QList<QPair<QString, QString>> fields{{"Txid", field(t, "txid")},
                                          {"Status", field(t, "status")},
                                          {"Confirmations", field(t, "confirmations")}};
    if (t.find("block_hash"))
        fields.append({{"Block", field(t, "block_hash")}, {"Height", field(t, "height")}});
    if (t.find("fee"))
        fields.append({"Fee", field(t, "fee")});
    printFields(fields);
    std::printf("\n");
    QList<QStringList> rows;
    for (const json::Value& in : member(t, "inputs").asArray())
        rows << QStringList{"in", field(in, "prev_txid") + ":" + field(in, "prev_index"), ""};
    for (const json::Value& out : member(t, "outputs").asArray())
        rows << QStringList{"out", field(out, "pubkey_hash"), field(out, "amount")};
    printTable({"", "Spends / pays", "Amount"}, rows);
}

void showMempool(const CommandContext& c) {
    const json::Value m = c.node.getAllPages("/mempool", "transactions");
    if (c.json)
        return printJson(m);
    QList<QStringList> rows;
    for (const json::Value& tx : member(m, "transactions").asArray())
        rows << QStringList{field(tx, "txid"), tx.find("fee") ? field(tx, "fee") : "-",
                            tx.find("size") ? field(tx, "size") : "-",
                            QString::number(outputTotal(tx))};
    std::printf("Mempool: %s transactions\n\n", qPrintable(field(m, "size")));
    printTable({"Txid", "Fee", "Size", "Paid out"}, rows);
}

void showChain(const CommandContext& c) {
    QString query;
    for (const char* key : {"from", "limit"}) {
        if (!c.args.options.contains(key))
            continue;
        bool ok = false;
        c.args.option(key).toUInt(&ok);
        if (!ok)
            throw CliError(
                QStringLiteral("--%1: '%2' is not a whole number").arg(key, c.args.option(key)));
        query +=
            QStringLiteral("%1%2=%3").arg(query.isEmpty() ? "?" : "&", key, c.args.option(key));
    }
    const json::Value page = c.node.get("/blocks" + query);
    if (c.json)
        return printJson(page);
    QList<QStringList> rows;
    for (const json::Value& b : member(page, "blocks").asArray())
        rows << QStringList{field(b, "height"), field(b, "block_hash"), timeOf(member(b, "header")),
                            field(b, "tx_count")};
    std::printf("Chain height %s\n\n", qPrintable(field(page, "tip_height")));
    printTable({"Height", "Block", "Time (UTC)", "Txs"}, rows);
}

void showChainTips(const CommandContext& c) {
    const json::Value t = c.node.get("/chaintips");
    if (c.json)
        return printJson(t);
    QList<QStringList> rows;
    for (const json::Value& tip : member(t, "tips").asArray())
        rows << QStringList{field(tip, "height"), field(tip, "status"), field(tip, "branch_length"),
                            field(tip, "hash")};
    printTable({"Height", "Status", "Branch", "Tip"}, rows);
    std::printf("\nOrphans waiting for their parents: %s\n", qPrintable(field(t, "orphans")));
}

} // namespace mbc::cli
