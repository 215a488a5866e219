#include "ui/explorer_views.h"

#include "consensus/crypto/merkle.h"
#include "consensus/pow/work.h"
#include "node/node_interface.h"
#include "ui/amount_text.h"
#include "ui/when_text.h"

#include <QCoreApplication>

namespace mbc::ui::explorer {
namespace {

// The context lupdate gives a tr() of this namespace.
QString tr(const char* text) {
    return QCoreApplication::translate("mbc::ui::explorer", text);
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

QString blockPage(const node::BlockView& b) {
    const BlockHeader& h = b.header;
    const node::BlockSummary& r = b.summary;
    QString t = "<table>";
    t += row(tr("Height"), QString::number(r.height));
    t += row(tr("Hash"), hex(r.hash));
    t += row(tr("Status"),
             b.onActiveChain ? tr("active chain, %1 confirmations").arg(b.tipHeight - r.height + 1)
                             : tr("side chain (not active)"));
    t += row(tr("Previous"), h.isGenesis() ? tr("none (genesis)") : link("block", hex(h.prevHash)));
    t += row(tr("Merkle root"), hex(h.merkleRoot));
    t += row(tr("Time"), dateTimeText(h.timestamp));
    t += row(tr("Target"), QString::fromStdString(h.target.toHexQuantity()));
    t += row(tr("Nonce"), QString::number(h.nonce));
    t += row(tr("Work (expected hashes)"),
             QString::fromStdString(blockWork(h.target).toHexQuantity()));
    t += row(tr("Chain work"), QString::fromStdString(r.chainWork.toHexQuantity()));
    t += row(tr("Size"), tr("%1 bytes").arg(r.size));
    t += "</table><h3>" + tr("Transactions (%1)").arg(b.txids.size()) + "</h3><ol>";
    for (std::size_t i = 0; i < b.txids.size(); ++i)
        t += "<li>" + link("tx", hex(b.txids[i])) + " &mdash; " +
             tr("%1 coins out").arg(coinsText(b.outputTotals[i])) + "</li>";
    return page(tr("Block %1").arg(r.height),
                t + "</ol><p>" +
                    link("check:block", hex(r.hash), tr("Check every rule of this block")) +
                    "</p>");
}

QString txPage(const node::TxView& v) {
    const Transaction& tx = v.tx;
    QString t = "<table>" + row(tr("Txid"), hex(v.txid));
    if (v.block)
        t += row(tr("Status"), tr("in block %1 at height %2, %3 confirmations")
                                   .arg(link("block", hex(v.block->blockHash)))
                                   .arg(v.block->height)
                                   .arg(v.tipHeight - v.block->height + 1));
    else
        t += row(tr("Status"), tr("in the mempool, not confirmed yet"));
    Amount in = 0, out = 0;
    bool inputsKnown = !tx.isCoinbase();
    QString inputs;
    for (std::size_t i = 0; i < tx.inputs.size(); ++i) {
        const TxIn& input = tx.inputs[i];
        if (tx.isCoinbase()) {
            inputs += "<li>" + tr("coinbase: new coins (block reward and fees)") + "</li>";
            break;
        }
        QString spent = tr("(not looked up)");
        if (i < v.spentOutputs.size() && v.spentOutputs[i]) {
            const TxOut& o = *v.spentOutputs[i];
            in += o.amount;
            spent =
                link("address", hex(o.pubkeyHash)) + " " + tr("%1 coins").arg(coinsText(o.amount));
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
    if (v.block) {
        const std::vector<Hash256>& txids = v.block->txids;
        const auto proof = makeMerkleProof(txids, v.block->index);
        const bool ok = proof && verifyMerkleProof(v.txid, *proof, v.block->merkleRoot);
        QString path;
        for (const Hash256& sibling : proof ? proof->siblings : std::vector<Hash256>{})
            path += "<br>" + hex(sibling);
        t += row(tr("Merkle proof"),
                 (ok ? tr("checked: position %1 of %2 leads to the block's merkle root")
                     : tr("does NOT lead to the block's merkle root"))
                         .arg(v.block->index)
                         .arg(txids.size()) +
                     path);
    }
    t += "</table><h3>" + tr("Inputs") + "</h3><ul>" + inputs + "</ul><h3>" + tr("Outputs") +
         "</h3><ul>" + outputs + "</ul><p>" +
         link("check:tx", hex(v.txid), tr("Check every rule of this transaction")) + "</p>";
    return page(tr("Transaction"), t);
}

QString addressPage(const node::AddressView& a) {
    QString t = "<table>" + row(tr("Address"), hex(a.address)) +
                row(tr("Balance"), tr("%1 coins").arg(coinsText(a.balance))) +
                row(tr("Received"), tr("%1 coins").arg(coinsText(a.received))) +
                row(tr("Sent"), tr("%1 coins").arg(coinsText(a.sent))) +
                row(tr("Transactions"), QString::number(a.txCount)) + "</table>";
    t += "<h3>" + tr("Unspent outputs (%1)").arg(a.utxoCount) + "</h3><ul>";
    for (const wallet::OwnedCoin& u : a.unspent)
        t += "<li>" +
             link("tx", hex(u.outpoint.txid),
                  hex(u.outpoint.txid) + ":" + QString::number(u.outpoint.index)) +
             " &mdash; " + tr("%1 coins at height %2").arg(coinsText(u.amount)).arg(u.height) +
             "</li>";
    t += "</ul><h3>" + tr("History (newest first)") + "</h3><ul>";
    for (const wallet::AddressActivity& h : a.history)
        t += "<li>" + link("tx", hex(h.txid)) + " &mdash; " +
             tr("height %1: received %2, spent %3")
                 .arg(h.height)
                 .arg(coinsText(h.received), coinsText(h.spent)) +
             "</li>";
    return page(tr("Address"), t + "</ul>");
}

QString notFoundPage(const NotFound& n) {
    QString text;
    switch (n.kind) {
    case NotFound::Kind::Height:
        text = tr("The chain has no block at height %1.").arg(n.what);
        break;
    case NotFound::Kind::Block:
        text = tr("No block %1 is stored.").arg(n.what);
        break;
    case NotFound::Kind::Transaction:
        text = tr("No transaction %1 in the active chain or the mempool.").arg(n.what);
        break;
    case NotFound::Kind::Unrecognized:
        text = tr("Search for a height, a block hash or txid (64 hex digits) or an address (40 "
                  "hex digits); \"%1\" is none of these.")
                   .arg(n.what);
        break;
    }
    return page(tr("Not found"), text.toHtmlEscaped());
}

Found blockOrTx(node::NodeInterface& node, const Hash256& hash) {
    if (auto block = node.block(hash))
        return std::move(*block);
    if (auto tx = node.transaction(hash))
        return std::move(*tx);
    return NotFound{NotFound::Kind::Transaction, hex(hash)};
}

} // namespace

Found find(node::NodeInterface& node, const QString& typed) {
    const QString text = typed.trimmed().toLower();
    bool isNumber = false;
    const qint64 height = text.toLongLong(&isNumber);
    if (isNumber && height >= 0) {
        if (height <= qint64(UINT32_MAX))
            if (const auto hash = node.activeHashAt(std::uint32_t(height)))
                if (auto block = node.block(*hash))
                    return std::move(*block);
        return NotFound{NotFound::Kind::Height, QString::number(height)};
    }
    if (const auto hash = Hash256::fromHex(text.toStdString()))
        return blockOrTx(node, *hash);
    if (const auto address = PubKeyHash::fromHex(text.toStdString()))
        return node.address(*address);
    return NotFound{NotFound::Kind::Unrecognized, typed};
}

Found follow(node::NodeInterface& node, const QString& link) {
    const QString kind = link.section(':', 0, 0);
    const std::string value = link.section(':', 1).toStdString();
    if (kind == "block")
        if (const auto h = Hash256::fromHex(value)) {
            if (auto block = node.block(*h))
                return std::move(*block);
            return NotFound{NotFound::Kind::Block, hex(*h)};
        }
    if (kind == "tx")
        if (const auto h = Hash256::fromHex(value)) {
            if (auto tx = node.transaction(*h))
                return std::move(*tx);
            return NotFound{NotFound::Kind::Transaction, hex(*h)};
        }
    if (kind == "address")
        if (const auto a = PubKeyHash::fromHex(value))
            return node.address(*a);
    return find(node, QString::fromStdString(value));
}

QString html(const Found& found) {
    return std::visit(
        [](const auto& f) -> QString {
            using T = std::decay_t<decltype(f)>;
            if constexpr (std::is_same_v<T, NotFound>)
                return notFoundPage(f);
            else if constexpr (std::is_same_v<T, node::BlockView>)
                return blockPage(f);
            else if constexpr (std::is_same_v<T, node::TxView>)
                return txPage(f);
            else
                return addressPage(f);
        },
        found);
}

} // namespace mbc::ui::explorer
