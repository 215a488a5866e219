#include "net/chain_sync.h"

#include "chain/block_locator.h"
#include "consensus/json/json_value.h"
#include "consensus/serialize/block_serialize.h"
#include "net/block_page.h"
#include "net/page_signature_check.h"
#include "node/logging.h"
#include "node/node.h"

#include <QCoreApplication>
#include <QStringList>

#include <optional>

namespace mbc::net {

ChainSync::ChainSync(node::Node& node, PeerClient& client, QString peerUrl, Done done,
                     QObject* parent)
    : QObject(parent)
    , node_(node)
    , client_(client)
    , peerUrl_(std::move(peerUrl))
    , done_(std::move(done)) {}

void ChainSync::start() {
    client_.get(peerUrl_, QStringLiteral("/health"), [this](const PeerReply& r) { onHealth(r); });
}

void ChainSync::onHealth(const PeerReply& reply) {
    if (!reply.ok())
        return fail(SyncFailure::Unreachable,
                    "peer " + peerUrl_ + " did not answer /health: " + reply.describe(),
                    reply.describe());
    const auto parsed = json::parse(reply.body.toStdString());
    const json::Value* health = std::get_if<json::Value>(&parsed);
    const json::Value* network = health ? health->find("network") : nullptr;
    const json::Value* target = health ? health->find("genesis_target") : nullptr;
    const json::Value* height = health ? health->find("chain_height") : nullptr;
    if (!network || !network->isString() || !target || !target->isString() || !height ||
        !height->asInt64())
        return fail(SyncFailure::NotANode, "peer " + peerUrl_ +
                                               " is not a MiniBitcoin node (its /health "
                                               "lacks network, genesis_target or chain_height)");
    const auto& params = node_.params();
    if (network->asString() != params.name ||
        target->asString() != params.genesisTarget.toHexQuantity())
        return fail(SyncFailure::OtherNetwork,
                    QStringLiteral("peer %1 is on network %2 with genesis target %3; "
                                   "this node is on %4 with %5")
                        .arg(peerUrl_, QString::fromStdString(network->asString()),
                             QString::fromStdString(target->asString()),
                             QString::fromStdString(params.name),
                             QString::fromStdString(params.genesisTarget.toHexQuantity())),
                    QString::fromStdString(network->asString()));
    result_.peerHeight = *height->asInt64();
    requestPage();
}

QString ChainSync::locatorQuery() const {
    QStringList hashes;
    if (lastReceived_)
        hashes << QString::fromStdString(lastReceived_->hex());
    for (std::uint32_t h : locatorHeights(node_.tip().height))
        if (const auto hash = node_.activeHashAt(h))
            hashes << QString::fromStdString(hash->hex());
    return hashes.join(',');
}

void ChainSync::requestPage() {
    pageClock_.start();
    client_.get(
        peerUrl_,
        QStringLiteral("/blocks/after?limit=%1&locator=%2").arg(kPageBlocks).arg(locatorQuery()),
        [this](const PeerReply& r) { onPage(r); });
}

void ChainSync::onPage(const PeerReply& reply) {
    if (!reply.ok())
        return fail(SyncFailure::Unreachable,
                    "peer " + peerUrl_ + " did not send blocks: " + reply.describe(),
                    reply.describe());
    const auto page =
        decodeBlockPage(ByteSpan(reinterpret_cast<const std::uint8_t*>(reply.body.data()),
                                 static_cast<std::size_t>(reply.body.size())));
    if (!page)
        return fail(SyncFailure::MalformedData,
                    "peer " + peerUrl_ + " sent a malformed block page: " +
                        QString::fromStdString(page.failure().toString()),
                    {}, page.failure());
    result_.peerHeight = page->tipHeight;
    const qint64 downloadMs = pageClock_.elapsed();
    std::vector<Block> blocks;
    blocks.reserve(page->blocks.size());
    for (const Bytes& bytes : page->blocks) {
        auto block = decodeBlock(bytes);
        if (!block)
            return fail(SyncFailure::MalformedData,
                        "peer " + peerUrl_ + " sent an undecodable block: " +
                            QString::fromStdString(block.failure().toString()),
                        {}, block.failure());
        blocks.push_back(std::move(block).value());
    }
    // Connecting is mostly SQL on this thread; the signatures are checked ahead of it on both
    // cores, and validation then finds them in the cache.
    PageSignatureCheck signatures(blocks, node_.signatureCache());
    std::optional<QString> refusal; // result_.failure says which
    try {
        const auto batch = node_.beginStoreBatch();
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            const Block& block = blocks[i];
            signatures.waitFor(i);
            submitting_ = true;
            const SubmitOutcome outcome =
                node_.submitBlock(block, "sync " + peerUrl_, false); // checked by `signatures`
            submitting_ = false;
            if (outcome.kind == SubmitOutcome::Kind::Orphan) { // pages start at a known block
                result_.failure = SyncFailure::UnconnectedBlock;
                refusal = "peer " + peerUrl_ + " sent block " +
                          QString::fromStdString(outcome.hash.hex()) +
                          " whose parent is not in the page or our chain";
            } else if (outcome.kind == SubmitOutcome::Kind::Invalid) {
                result_.failure = SyncFailure::InvalidBlock;
                result_.rejection = outcome.failure;
                refusal = "peer " + peerUrl_ + " sent an invalid block: " +
                          QString::fromStdString(outcome.failure->toString());
            }
            if (refusal)
                break;
            ++result_.blocksReceived;
            lastReceived_ = outcome.hash;
        }
        batch->commit(); // the blocks before a refused one stay
    } catch (const std::exception& e) {
        // The chain's memory may be ahead of the store now; a restart resumes from the store.
        qCCritical(lcNet) << "storage failure while connecting synced blocks:" << e.what()
                          << "- stopping; restart the node to continue from the stored tip";
        QCoreApplication::exit(1);
        return fail(SyncFailure::StorageFailure,
                    QStringLiteral("storage failure: %1").arg(e.what()),
                    QString::fromUtf8(e.what()));
    }
    if (refusal)
        return finish(*refusal);
    qCDebug(lcNet).noquote() << "page of" << page->blocks.size() << "blocks from" << peerUrl_
                             << "arrived in" << downloadMs << "ms, connected in"
                             << pageClock_.elapsed() - downloadMs << "ms";
    const bool more = !page->blocks.empty() &&
                      page->forkHeight + std::int64_t(page->blocks.size()) < page->tipHeight;
    if (more)
        return requestPage();
    finish(QStringLiteral("synced with %1: %2 blocks received; height %3 (peer at %4)")
               .arg(peerUrl_)
               .arg(result_.blocksReceived)
               .arg(node_.tip().height)
               .arg(result_.peerHeight));
}

void ChainSync::fail(SyncFailure why, const QString& message, QString detail,
                     std::optional<Failure> rejection) {
    result_.failure = why;
    result_.detail = std::move(detail);
    result_.rejection = std::move(rejection);
    finish(message);
}

void ChainSync::finish(const QString& message) {
    if (finished_)
        return;
    finished_ = true;
    const bool ok = result_.ok();
    result_.message = message;
    result_.newHeight = node_.tip().height;
    if (ok && result_.blocksReceived > 0)
        qCInfo(lcNet).noquote() << message;
    else if (ok) // the periodic check that found nothing new
        qCDebug(lcNet).noquote() << message;
    else
        qCWarning(lcNet).noquote() << message;
    done_(result_);
}

} // namespace mbc::net
