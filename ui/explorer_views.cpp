#include "ui/explorer_views.h"

#include "consensus/crypto/merkle.h"
#include "consensus/pow/work.h"
#include "consensus/serialize/tx_serialize.h"
#include "net/node_services.h"
#include "ui/amount_text.h"

#include <QCoreApplication>
#include <QDateTime>

#include <map>
#include <memory>

namespace mbc::ui::explorer {
namespace {

constexpr int kListedInputs = 100; // a tx's inputs whose spent outputs are looked up
constexpr int kHistoryItems = 50;

QString tr(const char* text) {
    return QCoreApplication::translate("Explorer", text);
}

QString link(const char* kind, const QString& value, const QString& text = {}) {
    return QStringLiteral("<a href=\"%1:%2\">%3</a>")
        .arg(QString::fromLatin1(kind), value, (text.isEmpty() ? value : text).toHtmlEscaped());
}

QString hex(const Hash256& h) {
    return QString::fromStdString(h.hex());
}

QString hex(const PubKeyHash& a) {
    return QString::fromStdString(a.hex());
}

QString row(const QString& name, const QString& value) {
    return QStringLiteral("<tr><th align=left>%1</th><td>%2</td></tr>").arg(name, value);
}

QString page(const QString& title, const QString& body) {
    return QStringLiteral("<h2>%1</h2>%2").arg(title.toHtmlEscaped(), body);
}

QString when(std::int64_t seconds) {
    return QDateTime::fromSecsSinceEpoch(seconds).toString("yyyy-MM-dd HH:mm:ss");
}

// A block read while one page is built, with its txids: read and hashed once however many of
// a tx's inputs spend outputs of it.
struct LoadedBlock {
    Block block;
    std::vector<Hash256> txids;
};
using BlockLoads = std::map<Hash256, std::shared_ptr<const LoadedBlock>>;

struct Located {
    Transaction tx;
    std::optional<BlockRecord> block; // nullopt: in the mempool
    std::size_t index = 0;            // in the block
    std::shared_ptr<const LoadedBlock> loaded;
};

std::optional<Located> locateTx(net::NodeServices& s, const Hash256& txid, BlockLoads& loads) {
    node::Node& n = s.node();
    if (const auto where = n.queries().txLocation(txid)) {
        std::shared_ptr<const LoadedBlock>& loaded = loads[where->blockHash];
        if (!loaded) {
            auto block = n.block(where->blockHash);
            if (!block)
                return std::nullopt;
            auto l = std::make_shared<LoadedBlock>();
            l->block = std::move(*block);
            for (const Transaction& tx : l->block.transactions)
                l->txids.push_back(computeTxid(tx));
            loaded = std::move(l);
        }
        for (std::size_t i = 0; i < loaded->txids.size(); ++i)
            if (loaded->txids[i] == txid)
                return Located{loaded->block.transactions[i], n.blockRecord(where->blockHash), i,
                               loaded};
    }
    if (const MempoolEntry* e = n.mempool().find(txid))
        return Located{e->tx, std::nullopt, 0, nullptr};
    return std::nullopt;
}

QString blockPage(net::NodeServices& s, const Hash256& hash) {
    node::Node& n = s.node();
    const auto rec = n.blockRecord(hash);
    const auto block = rec ? n.block(hash) : std::nullopt;
    if (!rec || !block)
        return page(tr("Not found"), tr("No block %1 is stored.").arg(hex(hash)).toHtmlEscaped());
    const auto active = n.activeHashAt(rec->height);
    const bool onChain = active && *active == hash;
    const qint64 tip = n.tip().height;
    QString t = "<table>";
    t += row(tr("Height"), QString::number(rec->height));
    t += row(tr("Hash"), hex(hash));
    t += row(tr("Status"), onChain ? tr("active chain, %1 confirmations").arg(tip - rec->height + 1)
                                   : tr("side chain (not active)"));
    t += row(tr("Previous"), rec->header.isGenesis() ? tr("none (genesis)")
                                                     : link("block", hex(rec->header.prevHash)));
    t += row(tr("Merkle root"), hex(rec->header.merkleRoot));
    t += row(tr("Time"), when(rec->header.timestamp));
    t += row(tr("Target"), QString::fromStdString(rec->header.target.toHexQuantity()));
    t += row(tr("Nonce"), QString::number(rec->header.nonce));
    t += row(tr("Work (expected hashes)"),
             QString::fromStdString(blockWork(rec->header.target).toHexQuantity()));
    t += row(tr("Chain work"), QString::fromStdString(rec->chainWork.toHexQuantity()));
    t += row(tr("Size"), tr("%1 bytes").arg(rec->size));
    t += "</table><h3>" + tr("Transactions (%1)").arg(block->transactions.size()) + "</h3><ol>";
    for (const Transaction& tx : block->transactions) {
        Amount out = 0;
        for (const TxOut& o : tx.outputs)
            out += o.amount;
        t += "<li>" + link("tx", hex(computeTxid(tx))) + " &mdash; " +
             tr("%1 coins out").arg(coinsText(out)) + "</li>";
    }
    return page(tr("Block %1").arg(rec->height), t + "</ol>");
}

QString txPage(net::NodeServices& s, const Hash256& txid) {
    BlockLoads loads;
    const auto found = locateTx(s, txid, loads);
    if (!found)
        return page(tr("Not found"), tr("No transaction %1 in the active chain or the mempool.")
                                         .arg(hex(txid))
                                         .toHtmlEscaped());
    const Transaction& tx = found->tx;
    const qint64 tip = s.node().tip().height;
    QString t = "<table>" + row(tr("Txid"), hex(txid));
    if (found->block)
        t += row(tr("Status"), tr("in block %1 at height %2, %3 confirmations")
                                   .arg(link("block", hex(found->block->hash)))
                                   .arg(found->block->height)
                                   .arg(tip - found->block->height + 1));
    else
        t += row(tr("Status"), tr("in the mempool, not confirmed yet"));
    Amount in = 0, out = 0;
    bool inputsKnown = !tx.isCoinbase();
    QString inputs;
    int listed = 0;
    for (const TxIn& input : tx.inputs) {
        if (tx.isCoinbase()) {
            inputs += "<li>" + tr("coinbase: new coins (block reward and fees)") + "</li>";
            break;
        }
        QString spent = tr("(not looked up)");
        if (listed++ < kListedInputs) {
            const auto prev = locateTx(s, input.prevout.txid, loads);
            if (prev && input.prevout.index < prev->tx.outputs.size()) {
                const TxOut& o = prev->tx.outputs[input.prevout.index];
                in += o.amount;
                spent = link("address", hex(o.pubkeyHash)) + " " +
                        tr("%1 coins").arg(coinsText(o.amount));
            } else {
                inputsKnown = false;
            }
        } else {
            inputsKnown = false;
        }
        inputs += "<li>" +
                  link("tx", hex(input.prevout.txid),
                       hex(input.prevout.txid) + ":" + QString::number(input.prevout.index)) +
                  " &mdash; " + spent + "</li>";
    }
    QString outputs;
    for (const TxOut& o : tx.outputs) {
        out += o.amount;
        outputs += "<li>" + link("address", hex(o.pubkeyHash)) + " " +
                   tr("%1 coins").arg(coinsText(o.amount)) + "</li>";
    }
    if (inputsKnown)
        t += row(tr("Fee"), tr("%1 coins").arg(coinsText(in - out)));
    if (found->block && found->loaded) {
        const std::vector<Hash256>& txids = found->loaded->txids;
        const auto proof = makeMerkleProof(txids, found->index);
        const bool ok = proof && verifyMerkleProof(txid, *proof, found->block->header.merkleRoot);
        QString path;
        for (const Hash256& sibling : proof ? proof->siblings : std::vector<Hash256>{})
            path += "<br>" + hex(sibling);
        t += row(tr("Merkle proof"),
                 (ok ? tr("checked: position %1 of %2 leads to the block's merkle root")
                     : tr("does NOT lead to the block's merkle root"))
                         .arg(found->index)
                         .arg(txids.size()) +
                     path);
    }
    t += "</table><h3>" + tr("Inputs") + "</h3><ul>" + inputs + "</ul><h3>" + tr("Outputs") +
         "</h3><ul>" + outputs + "</ul>";
    return page(tr("Transaction"), t);
}

QString addressPage(net::NodeServices& s, const PubKeyHash& address) {
    node::Node& n = s.node();
    const auto summary = n.queries().addressSummary(address);
    QString t = "<table>" + row(tr("Address"), hex(address)) +
                row(tr("Balance"), tr("%1 coins").arg(coinsText(summary.balance))) +
                row(tr("Received"), tr("%1 coins").arg(coinsText(summary.received))) +
                row(tr("Sent"), tr("%1 coins").arg(coinsText(summary.sent))) +
                row(tr("Transactions"), QString::number(summary.txCount)) + "</table>";
    t += "<h3>" + tr("Unspent outputs (%1)").arg(summary.utxoCount) + "</h3><ul>";
    for (const auto& u : n.queries().unspentOf(address))
        t += "<li>" +
             link("tx", hex(u.outpoint.txid),
                  hex(u.outpoint.txid) + ":" + QString::number(u.outpoint.index)) +
             " &mdash; " + tr("%1 coins at height %2").arg(coinsText(u.amount)).arg(u.height) +
             "</li>";
    t += "</ul><h3>" + tr("History (newest first)") + "</h3><ul>";
    for (const auto& h : n.queries().history(address, 0, kHistoryItems))
        t += "<li>" + link("tx", hex(h.txid)) + " &mdash; " +
             tr("height %1: received %2, spent %3")
                 .arg(h.height)
                 .arg(coinsText(h.received), coinsText(h.spent)) +
             "</li>";
    return page(tr("Address"), t + "</ul>");
}

} // namespace

QString search(net::NodeServices& s, const QString& typed) {
    const QString text = typed.trimmed().toLower();
    bool isNumber = false;
    const qint64 height = text.toLongLong(&isNumber);
    if (isNumber && height >= 0) {
        if (const auto hash = s.node().activeHashAt(std::uint32_t(height)))
            return blockPage(s, *hash);
        return page(tr("Not found"),
                    tr("The chain has no block at height %1.").arg(height).toHtmlEscaped());
    }
    if (const auto hash = Hash256::fromHex(text.toStdString())) {
        if (s.node().blockRecord(*hash))
            return blockPage(s, *hash);
        return txPage(s, *hash);
    }
    if (const auto address = PubKeyHash::fromHex(text.toStdString()))
        return addressPage(s, *address);
    return page(tr("Not found"),
                tr("Search for a height, a block hash or txid (64 hex digits) or an address (40 "
                   "hex digits); \"%1\" is none of these.")
                    .arg(typed)
                    .toHtmlEscaped());
}

QString open(net::NodeServices& s, const QString& link) {
    const QString kind = link.section(':', 0, 0);
    const std::string value = link.section(':', 1).toStdString();
    if (kind == "block")
        if (const auto h = Hash256::fromHex(value))
            return blockPage(s, *h);
    if (kind == "tx")
        if (const auto h = Hash256::fromHex(value))
            return txPage(s, *h);
    if (kind == "address")
        if (const auto a = PubKeyHash::fromHex(value))
            return addressPage(s, *a);
    return search(s, QString::fromStdString(value));
}

} // namespace mbc::ui::explorer
