#include "ui/validation_lab.h"

#include "consensus/crypto/merkle.h"
#include "consensus/pow/work.h"
#include "consensus/serialize/block_serialize.h"
#include "ui/amount_text.h"
#include "ui/when_text.h"

namespace mbc::ui {
namespace {

constexpr std::int64_t kThreeHours = 3 * 3600;
constexpr std::int64_t kOneDay = 24 * 3600;
constexpr std::uint32_t kNonceTries = 100'000;

// The first payment (not a coinbase) of the subject, and its index in the block.
Transaction* firstPayment(CheckSubject& subject, std::size_t& index) {
    if (auto* tx = std::get_if<Transaction>(&subject)) {
        index = 0;
        return tx;
    }
    auto& block = std::get<Block>(subject);
    for (std::size_t i = 0; i < block.transactions.size(); ++i)
        if (!block.transactions[i].isCoinbase()) {
            index = i;
            return &block.transactions[i];
        }
    return nullptr;
}

} // namespace

std::vector<ValidationLab::Change> ValidationLab::changesFor(const CheckSubject& subject) {
    if (std::holds_alternative<Transaction>(subject))
        return {Change::OutputAmount, Change::SignatureBit};
    return {Change::OutputAmount,    Change::SignatureBit, Change::TimestampAhead,
            Change::TimestampBehind, Change::NonceMiss,    Change::TargetHalved};
}

QString ValidationLab::title(Change change) {
    switch (change) {
    case Change::OutputAmount:
        return tr("Pay one unit more (first payment, first output)");
    case Change::SignatureBit:
        return tr("Flip one bit of a signature");
    case Change::TimestampAhead:
        return tr("Move the timestamp three hours ahead");
    case Change::TimestampBehind:
        return tr("Move the timestamp a day back");
    case Change::NonceMiss:
        return tr("Change the nonce");
    case Change::TargetHalved:
        return tr("Halve the target (claim more work)");
    }
    return {};
}

QString ValidationLab::apply(Change change, CheckSubject& subject, std::int64_t now) {
    std::size_t index = 0;
    if (change == Change::OutputAmount || change == Change::SignatureBit) {
        Transaction* tx = firstPayment(subject, index);
        if (change == Change::OutputAmount) {
            // A block without payments: its coinbase then.
            if (!tx && std::holds_alternative<Block>(subject)) {
                tx = &std::get<Block>(subject).transactions.at(0);
                index = 0;
            }
            if (!tx || tx->outputs.empty())
                return {};
            const Amount before = tx->outputs[0].amount;
            tx->outputs[0].amount += 1;
            return tr("output 0 of transaction %1: %2 -> %3 coins")
                .arg(index)
                .arg(coinsText(before), coinsText(tx->outputs[0].amount));
        }
        if (!tx || tx->inputs.empty() || tx->inputs[0].signature.size() < 8)
            return {};
        tx->inputs[0].signature[6] ^= 0x01; // inside r: still DER, no longer the signature
        return tr("input 0 of transaction %1: bit 0 of signature byte 6 flipped").arg(index);
    }
    auto* block = std::get_if<Block>(&subject);
    if (!block)
        return {};
    BlockHeader& h = block->header;
    switch (change) {
    case Change::TimestampAhead: {
        const std::uint32_t before = h.timestamp;
        h.timestamp = static_cast<std::uint32_t>(now + kThreeHours);
        return tr("timestamp %1 -> %2").arg(dateTimeText(before), dateTimeText(h.timestamp));
    }
    case Change::TimestampBehind: {
        const std::uint32_t before = h.timestamp;
        h.timestamp = static_cast<std::uint32_t>(std::max<std::int64_t>(0, before - kOneDay));
        return tr("timestamp %1 -> %2").arg(dateTimeText(before), dateTimeText(h.timestamp));
    }
    case Change::NonceMiss: {
        // On an easy target most nonces meet it; on the easiest of all, every one does.
        const std::uint32_t before = h.nonce;
        for (std::uint32_t tries = 0; tries < kNonceTries; ++tries) {
            ++h.nonce;
            if (!hashMeetsTarget(blockHash(h), h.target))
                return tr("nonce %1 -> %2: the hash no longer meets the target")
                    .arg(before)
                    .arg(h.nonce);
        }
        return tr("nonce %1 -> %2: every nonce tried meets this target, it is that easy")
            .arg(before)
            .arg(h.nonce);
    }
    case Change::TargetHalved: {
        const UInt256 before = h.target;
        h.target = h.target >> 1;
        return tr("target %1 -> %2")
            .arg(QString::fromStdString(before.toHexQuantity()),
                 QString::fromStdString(h.target.toHexQuantity()));
    }
    case Change::OutputAmount:
    case Change::SignatureBit:
        break;
    }
    return {};
}

bool ValidationLab::reseal(Block& block, std::chrono::milliseconds budget) {
    block.header.merkleRoot = merkleRoot(computeTxids(block));
    const auto deadline = std::chrono::steady_clock::now() + budget;
    for (std::uint32_t i = 1;; ++i, ++block.header.nonce) {
        if (hashMeetsTarget(blockHash(block.header), block.header.target))
            return true;
        if (i % 4096 == 0 && std::chrono::steady_clock::now() > deadline)
            return false;
    }
}

} // namespace mbc::ui
